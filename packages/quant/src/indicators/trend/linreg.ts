import { closePeriodIndicator, periodParam } from '../internal/define.ts';
import { Ring } from '../internal/kernels.ts';
import { NumberStream } from '../internal/stream.ts';
import { output } from '../internal/util.ts';

/** Which statistic of the least-squares line through the last `period` closes. */
export type LinRegPart = 'value' | 'slope' | 'angle' | 'intercept' | 'forecast';

/**
 * Linear regression over the last `period` closes in TA-Lib's arithmetic (LINEARREG, _SLOPE,
 * _ANGLE in degrees, _INTERCEPT at the oldest bar, TSF = the line extended one bar ahead).
 */
export function linregLookback(period: number): number {
  return period - 1;
}

function finish(part: LinRegPart, period: number, sumY: number, sumXY: number): number {
  const sumX = period * (period - 1) * 0.5;
  const sumXSqr = (period * (period - 1) * (2 * period - 1)) / 6;
  const divisor = sumX * sumX - period * sumXSqr;
  const m = (period * sumXY - sumX * sumY) / divisor;
  if (part === 'slope') return m;
  if (part === 'angle') return Math.atan(m) * (180 / Math.PI);
  const b = (sumY - m * sumX) / period;
  if (part === 'intercept') return b;
  return part === 'value' ? b + m * (period - 1) : b + m * period;
}

export function linreg(close: Float64Array, period: number, part: LinRegPart = 'value'): Float64Array {
  const n = close.length;
  const out = output(n, period - 1);
  for (let i = period - 1; i < n; i++) {
    let sumY = 0;
    let sumXY = 0;
    // x counts bars back from the newest, as in TA-Lib
    for (let x = period - 1; x >= 0; x--) {
      const y = close[i - x]!;
      sumY += y;
      sumXY += x * y;
    }
    out[i] = finish(part, period, sumY, sumXY);
  }
  return out;
}

export class LinReg extends NumberStream<number> {
  private readonly ring: Ring;
  constructor(
    readonly period: number,
    readonly part: LinRegPart = 'value',
  ) {
    super();
    this.ring = new Ring(period);
  }
  protected step(x: number, revise: boolean): number {
    const r = this.ring;
    r.push(x, revise);
    const p = this.period;
    if (r.count < p) return Number.NaN;
    let sumY = 0;
    let sumXY = 0;
    for (let ago = p - 1; ago >= 0; ago--) {
      const y = r.at(ago);
      sumY += y;
      sumXY += ago * y;
    }
    return finish(this.part, p, sumY, sumXY);
  }
}

/** One regression statistic as an indicator of its own, under TA-Lib's name for it. */
function linregIndicator(d: { name: string; title: string; description: string; talib: string; part: LinRegPart }) {
  const { part } = d;
  return closePeriodIndicator({
    name: d.name,
    title: d.title,
    description: d.description,
    group: 'trend',
    talib: d.talib,
    period: periodParam(14),
    lookback: linregLookback,
    batch: (x, p) => linreg(x, p, part),
    stream: (p) => new LinReg(p, part),
  });
}

export const linearregIndicator = linregIndicator({
  name: 'linearreg',
  title: 'Linear Regression',
  description: 'End point of the least-squares line through the last `period` closes.',
  talib: 'LINEARREG',
  part: 'value',
});
export const linearregSlopeIndicator = linregIndicator({
  name: 'linearreg_slope',
  title: 'Linear Regression Slope',
  description: 'Slope per bar of the least-squares line.',
  talib: 'LINEARREG_SLOPE',
  part: 'slope',
});
export const linearregAngleIndicator = linregIndicator({
  name: 'linearreg_angle',
  title: 'Linear Regression Angle',
  description: 'Angle in degrees of the least-squares line.',
  talib: 'LINEARREG_ANGLE',
  part: 'angle',
});
export const linearregInterceptIndicator = linregIndicator({
  name: 'linearreg_intercept',
  title: 'Linear Regression Intercept',
  description: 'The least-squares line at the oldest bar of the window.',
  talib: 'LINEARREG_INTERCEPT',
  part: 'intercept',
});
export const tsfIndicator = linregIndicator({
  name: 'tsf',
  title: 'Time Series Forecast',
  description: 'The least-squares line extended one bar ahead.',
  talib: 'TSF',
  part: 'forecast',
});
