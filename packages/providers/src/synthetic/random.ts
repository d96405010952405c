/**
 * A small, fast, seedable PRNG for the synthetic market. Math.random cannot be seeded,
 * and the market must replay byte for byte from BOURSE_SEED.
 *
 * xoshiro128** (Blackman and Vigna) on 32-bit integers, its 128-bit state filled by
 * splitmix32 from the seed, as its authors recommend. Math.exp/log/cos in V8 follow
 * fdlibm, so the normals built on it are reproducible too.
 */

/** One step of splitmix32: a well-mixed 32-bit value from a counter. */
export function splitmix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Mix any number of 32-bit values and strings into one 32-bit seed (for derived streams). */
export function mixSeed(...parts: readonly (number | string)[]): number {
  let h = 0x2545f491;
  for (const part of parts) {
    if (typeof part === 'number') {
      // Fold in both 32-bit halves so seeds and day numbers above 2^32 still differ.
      h = splitmix32(h ^ (part >>> 0));
      h = splitmix32(h ^ Math.floor(part / 4294967296));
    } else {
      for (let i = 0; i < part.length; i++) h = splitmix32(h ^ part.charCodeAt(i));
      h = splitmix32(h ^ part.length);
    }
  }
  return h;
}

const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;

export class Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;
  /** The second normal of the last Box-Muller pair, not yet handed out. */
  #spare = Number.NaN;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      return splitmix32(s);
    };
    this.#a = next();
    this.#b = next();
    this.#c = next();
    this.#d = next();
    // An all-zero state would stay zero forever; splitmix makes it practically impossible, but be sure.
    if ((this.#a | this.#b | this.#c | this.#d) === 0) this.#a = 1;
  }

  /** The next uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.#b, 5), 7), 9) >>> 0;
    const t = this.#b << 9;
    this.#c ^= this.#a;
    this.#d ^= this.#b;
    this.#b ^= this.#c;
    this.#a ^= this.#d;
    this.#c ^= t;
    this.#d = rotl(this.#d, 11);
    return result;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  float(): number {
    const hi = this.nextUint32() >>> 6;
    const lo = this.nextUint32() >>> 5;
    return (hi * TWO_POW_26 * 2 + lo) / TWO_POW_53;
  }

  /** A uniform double in (0, 1]: safe to take the logarithm of. */
  floatOpenZero(): number {
    return 1 - this.float();
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** A standard normal draw (Box-Muller; the pair's second value is kept for the next call). */
  normal(): number {
    if (!Number.isNaN(this.#spare)) {
      const z = this.#spare;
      this.#spare = Number.NaN;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(this.floatOpenZero()));
    const theta = 2 * Math.PI * this.float();
    this.#spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
