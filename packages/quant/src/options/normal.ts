// Standard normal distribution to double precision.
//
// Option prices of deep out-of-the-money strikes live in the far tail of the normal distribution, where the
// usual Abramowitz-Stegun 7.1.26 approximation (absolute error 1.5e-7) is useless: a 1e-12 relative reprice of a
// 1e-9 premium needs Φ accurate to ~16 significant digits. We therefore use W. J. Cody's rational Chebyshev
// approximations of erf, erfc and erfcx ("Rational Chebyshev approximations for the error function",
// Math. Comp. 23 (1969) 631-638; coefficients as in netlib specfun CALERF), which are accurate to the last bit
// of a double, and Wichura's AS241 for the inverse ("The percentage points of the normal distribution",
// Applied Statistics 37 (1988) 477-484).

export const SQRT_TWO_PI = 2.5066282746310002;
export const ONE_OVER_SQRT_TWO_PI = 0.3989422804014327;
export const ONE_OVER_SQRT_TWO = Math.SQRT1_2;

// erf on |x| <= 0.46875
const A0 = 3.1611237438705655;
const A1 = 113.86415415105016;
const A2 = 377.485237685302;
const A3 = 3209.3775891384694;
const A4 = 0.18577770618460315;
const B0 = 23.601290952344122;
const B1 = 244.02463793444417;
const B2 = 1282.6165260773723;
const B3 = 2844.236833439171;
// erfcx on 0.46875 < |x| <= 4
const C0 = 0.5641884969886701;
const C1 = 8.883149794388377;
const C2 = 66.11919063714163;
const C3 = 298.6351381974001;
const C4 = 881.952221241769;
const C5 = 1712.0476126340707;
const C6 = 2051.0783778260716;
const C7 = 1230.3393547979972;
const C8 = 2.1531153547440383e-8;
const D0 = 15.744926110709835;
const D1 = 117.6939508913125;
const D2 = 537.1811018620099;
const D3 = 1621.3895745666903;
const D4 = 3290.7992357334597;
const D5 = 4362.619090143247;
const D6 = 3439.3676741437216;
const D7 = 1230.3393548037495;
// erfcx on |x| > 4, in 1/x²
const P0 = 0.30532663496123236;
const P1 = 0.36034489994980445;
const P2 = 0.12578172611122926;
const P3 = 0.016083785148742275;
const P4 = 0.0006587491615298378;
const P5 = 0.016315387137302097;
const Q0 = 2.568520192289822;
const Q1 = 1.8729528499234604;
const Q2 = 0.5279051029514285;
const Q3 = 0.06051834131244132;
const Q4 = 0.0023352049762686918;
const ONE_OVER_SQRT_PI = 0.5641895835477563;

/** erf(x) / x on |x| <= 0.46875. */
export function erfSmallOverX(y2: number): number {
  const num = (((A4 * y2 + A0) * y2 + A1) * y2 + A2) * y2 + A3;
  const den = (((y2 + B0) * y2 + B1) * y2 + B2) * y2 + B3;
  return num / den;
}

/** exp(y²)·erfc(y) for y >= 0.46875 (no exponential involved). */
export function erfcxPositive(y: number): number {
  if (y <= 4) {
    const num = (((((((C8 * y + C0) * y + C1) * y + C2) * y + C3) * y + C4) * y + C5) * y + C6) * y + C7;
    const den = (((((((y + D0) * y + D1) * y + D2) * y + D3) * y + D4) * y + D5) * y + D6) * y + D7;
    return num / den;
  }
  if (y >= 6.71e7) return ONE_OVER_SQRT_PI / y;
  const z = 1 / (y * y);
  const num = ((((P5 * z + P0) * z + P1) * z + P2) * z + P3) * z + P4;
  const den = ((((z + Q0) * z + Q1) * z + Q2) * z + Q3) * z + Q4;
  return (ONE_OVER_SQRT_PI - (z * num) / den) / y;
}

/**
 * exp(-y²) computed as exp(-ysq²)·exp(-del) with ysq = y rounded down to 1/16: Cody's trick that keeps the
 * relative error of the Gaussian factor at machine precision even when y² is large.
 */
function expMinusSquare(y: number): number {
  const ysq = Math.trunc(y * 16) / 16;
  const del = (y - ysq) * (y + ysq);
  return Math.exp(-ysq * ysq) * Math.exp(-del);
}

/** Complementary error function, relative accuracy ~1e-16 over the whole real line. */
export function erfc(x: number): number {
  const y = Math.abs(x);
  if (y <= 0.46875) return 1 - x * erfSmallOverX(y * y);
  const r = y >= 26.543 ? 0 : expMinusSquare(y) * erfcxPositive(y);
  return x < 0 ? 2 - r : r;
}

/** Scaled complementary error function exp(x²)·erfc(x), free of underflow for large positive x. */
export function erfcx(x: number): number {
  const y = Math.abs(x);
  if (y <= 0.46875) return Math.exp(y * y) * (1 - x * erfSmallOverX(y * y));
  if (x > 0) return y >= 2.53e307 ? 0 : erfcxPositive(y);
  if (x < -26.628) return Number.POSITIVE_INFINITY;
  const e = 2 / expMinusSquare(y);
  return e - erfcxPositive(y);
}

/** Standard normal density φ(x). */
export function normPdf(x: number): number {
  return ONE_OVER_SQRT_TWO_PI * Math.exp(-0.5 * x * x);
}

/** Standard normal cumulative distribution Φ(x) = erfc(-x/√2)/2, with full relative accuracy in the lower tail. */
export function normCdf(x: number): number {
  return 0.5 * erfc(-x * ONE_OVER_SQRT_TWO);
}

/** Inverse standard normal cumulative distribution Φ⁻¹(u) (Wichura AS241, ~1e-16 relative). */
export function inverseNormCdf(u: number): number {
  if (u <= 0) return Number.NEGATIVE_INFINITY;
  if (u >= 1) return Number.POSITIVE_INFINITY;
  const q = u - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((2509.0809287301227 * r + 33430.57558358813) * r + 67265.7709270087) * r + 45921.95393154987) * r + 13731.69376550946) * r +
          1971.5909503065513) *
          r +
          133.14166789178438) *
          r +
          3.3871328727963665)) /
      (((((((5226.495278852854 * r + 28729.085735721943) * r + 39307.89580009271) * r + 21213.794301586597) * r + 5394.196021424751) * r +
        687.1870074920579) *
        r +
        42.31333070160091) *
        r +
        1)
    );
  }
  let r = Math.sqrt(-Math.log(q < 0 ? u : 1 - u));
  let z: number;
  if (r < 5) {
    r -= 1.6;
    z =
      (((((((0.0007745450142783414 * r + 0.022723844989269184) * r + 0.2417807251774506) * r + 1.2704582524523684) * r +
        3.6478483247632045) *
        r +
        5.769497221460691) *
        r +
        4.630337846156546) *
        r +
        1.4234371107496835) /
      (((((((1.0507500716444169e-9 * r + 0.0005475938084995345) * r + 0.015198666563616457) * r + 0.14810397642748008) * r +
        0.6897673349851) *
        r +
        1.6763848301838038) *
        r +
        2.053191626637759) *
        r +
        1);
  } else {
    r -= 5;
    z =
      (((((((2.0103343992922881e-7 * r + 2.7115555687434876e-5) * r + 0.0012426609473880784) * r + 0.026532189526576124) * r +
        0.29656057182850487) *
        r +
        1.7848265399172913) *
        r +
        5.463784911164114) *
        r +
        6.657904643501103) /
      (((((((2.0442631033899397e-15 * r + 1.421511758316446e-7) * r + 1.8463183175100548e-5) * r + 0.0007868691311456133) * r +
        0.014875361290850615) *
        r +
        0.1369298809227358) *
        r +
        0.599832206555888) *
        r +
        1);
  }
  return q < 0 ? -z : z;
}
