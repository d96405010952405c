import type { FeatureSeries } from './features.ts';
import { normalFrom, seededRandom } from './model.ts';

/**
 * Daily OHLCV bars whose log returns follow r_t = phi * r_{t-1} + sigma * e_t (phi = 0: a
 * driftless geometric Brownian motion, a pure random walk; phi = 0.3: momentum a model can
 * learn). High and low straddle open and close; volume is noise.
 */
export function syntheticBars(
  n: number,
  seed: number,
  phi = 0,
  sigma = 0.01,
): Required<Pick<FeatureSeries, 'open' | 'high' | 'low' | 'close' | 'volume'>> {
  const random = seededRandom(seed);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  const volume = new Float64Array(n);
  let price = 100;
  let r = 0;
  for (let i = 0; i < n; i++) {
    r = phi * r + sigma * normalFrom(random);
    const o = price;
    price *= Math.exp(r);
    open[i] = o;
    close[i] = price;
    high[i] = Math.max(o, price) * (1 + Math.abs(normalFrom(random)) * sigma * 0.3);
    low[i] = Math.min(o, price) * (1 - Math.abs(normalFrom(random)) * sigma * 0.3);
    volume[i] = 1000 * Math.exp(0.3 * normalFrom(random));
  }
  return { open, high, low, close, volume };
}
