import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { erfc, inverseNormCdf, normCdf, normPdf } from './normal.ts';

/**
 * The normal distribution against published and independently computed values, so that the tests which use
 * normCdf/normPdf to write out closed forms rest on something outside this code.
 *
 * - Abramowitz & Stegun, Handbook of Mathematical Functions (1964), Table 26.1, P(x) to 15 decimals at these x.
 * - Double-precision values: mpmath 1.3 at 40 significant digits, rounded once to the nearest double
 *   (fixtures/normal_reference.py prints them). The tail values check the relative accuracy that deep
 *   out-of-the-money premiums need; 1 − Φ would lose it, erfc keeps it.
 */

const relative = (actual: number, expected: number, tol: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tol * Math.abs(expected), `${what}: ${actual} vs ${expected} (relative ${tol})`);

describe('standard normal distribution', () => {
  it('matches Abramowitz & Stegun Table 26.1', () => {
    const table: [number, number][] = [
      [0.5, 0.691462461274013],
      [1, 0.841344746068543],
      [2, 0.977249868051821],
      [3, 0.99865010196837],
    ];
    for (const [x, p] of table) assert.ok(Math.abs(normCdf(x) - p) <= 5e-16, `P(${x}) = ${normCdf(x)} vs ${p}`);
  });

  it('matches erfc to within two units in the last place, out to where it underflows', () => {
    const values: [number, number][] = [
      [0.25, 0.7236736098317631],
      [1, 0.15729920705028513],
      [2.5, 0.0004069520174449589],
      [5, 1.537459794428035e-12],
      [10, 2.088487583762545e-45],
      [20, 5.395865611607901e-176],
      [26, 5.663192408856143e-296],
    ];
    for (const [x, p] of values) relative(erfc(x), p, 4.5e-16, `erfc(${x})`);
  });

  it('matches Φ to (1 + x²)·2⁻⁵² relative, from the centre to the far lower tail', () => {
    // Φ(x) = erfc(−x/√2)/2, and −x/√2 is rounded once: exp(−x²/2) turns that rounding into a relative error of
    // about x²·2⁻⁵³ (1.3e-15 at −3, 9e-14 at −37, measured). erfc itself is exact to the last bits (above).
    const values: [number, number][] = [
      [0, 0.5],
      [0.5, 0.6914624612740131],
      [1, 0.8413447460685429],
      [1.96, 0.9750021048517795],
      [2, 0.9772498680518208],
      [3, 0.9986501019683699],
      [5, 0.9999997133484281],
      [8, 0.9999999999999993],
      [-1, 0.15865525393145705],
      [-2, 0.02275013194817921],
      [-3, 0.0013498980316300946],
      [-5, 2.866515718791939e-7],
      [-10, 7.619853024160525e-24],
      [-20, 2.7536241186062337e-89],
      [-37, 5.725571222524577e-300],
    ];
    for (const [x, p] of values) relative(normCdf(x), p, (1 + x * x) * 2 ** -52, `Φ(${x})`);
  });

  it('matches φ to within two units in the last place', () => {
    const values: [number, number][] = [
      [0, 0.3989422804014327],
      [1, 0.24197072451914334],
      [2, 0.05399096651318805],
      [-3, 0.0044318484119380075],
      [5, 1.4867195147342977e-6],
      [10, 7.694598626706419e-23],
    ];
    for (const [x, p] of values) relative(normPdf(x), p, 4.5e-16, `φ(${x})`);
  });

  it('is symmetric: Φ(x) + Φ(−x) = 1 and φ(x) = φ(−x)', () => {
    for (const x of [0.1, 0.7, 1.3, 2.5, 4]) {
      assert.ok(Math.abs(normCdf(x) + normCdf(-x) - 1) <= 2.3e-16, `Φ(${x}) + Φ(${-x})`);
      assert.equal(normPdf(x), normPdf(-x));
    }
  });

  it('inverts Φ: the published quantiles and a round trip', () => {
    const quantiles: [number, number][] = [
      [0.5, 0],
      [0.975, 1.9599639845400538],
      [0.999, 3.090232306167813],
      [0.001, -3.0902323061678136],
      [1e-10, -6.361340902404057],
    ];
    for (const [u, z] of quantiles) {
      if (z === 0) assert.equal(inverseNormCdf(u), 0);
      else relative(inverseNormCdf(u), z, 1e-15, `Φ⁻¹(${u})`);
    }
    // In x, where the round trip is well conditioned (in u it is not: dΦ/Φ = x·dx in the tail).
    for (const x of [-8, -3.3, -0.2, 0.4, 2.7]) {
      assert.ok(Math.abs(inverseNormCdf(normCdf(x)) - x) <= 1e-14 * Math.max(1, Math.abs(x)), `round trip ${x}`);
    }
  });
});
