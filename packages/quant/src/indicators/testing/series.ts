/** Deterministic test series: a random-walk OHLCV path from a seeded PRNG (mulberry32). */
export interface Ohlcv {
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  start: Float64Array;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n bars of a multiplicative random walk starting at 100, one bar per hour. */
export function randomWalk(n: number, seed = 42): Ohlcv {
  const rnd = mulberry32(seed);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  const volume = new Float64Array(n);
  const start = new Float64Array(n);
  let price = 100;
  for (let i = 0; i < n; i++) {
    const o = price;
    const c = o * (1 + (rnd() - 0.5) * 0.04);
    const h = Math.max(o, c) * (1 + rnd() * 0.01);
    const l = Math.min(o, c) * (1 - rnd() * 0.01);
    open[i] = o;
    high[i] = h;
    low[i] = l;
    close[i] = c;
    volume[i] = Math.round(1000 + rnd() * 100000);
    start[i] = 1_700_000_000_000 + i * 3_600_000;
    price = c;
  }
  return { open, high, low, close, volume, start };
}
