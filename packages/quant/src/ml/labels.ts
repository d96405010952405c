/**
 * Labels of the forward return over `horizon` bars: 1 when close[i + h] / close[i] - 1 is above
 * `deadBand`, 0 when it is below -deadBand, NaN inside the band (left out of training) and for the
 * last h bars (unknown yet). A label uses the future by definition: walk-forward validation purges
 * the h bars before each test window so that no training label reaches into it.
 */
export function forwardLabels(close: Float64Array, horizon: number, deadBand = 0): Float64Array {
  const out = new Float64Array(close.length).fill(Number.NaN);
  for (let i = 0; i + horizon < close.length; i++) {
    const r = close[i + horizon]! / close[i]! - 1;
    if (r > deadBand) out[i] = 1;
    else if (r < -deadBand) out[i] = 0;
  }
  return out;
}

/** Simple forward returns close[i + h] / close[i] - 1 (NaN for the last h bars). */
export function forwardReturns(close: Float64Array, horizon: number): Float64Array {
  const out = new Float64Array(close.length).fill(Number.NaN);
  for (let i = 0; i + horizon < close.length; i++) out[i] = close[i + horizon]! / close[i]! - 1;
  return out;
}
