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
function linregIndicator(name: string, title: string, description: string, talib: string, part: LinRegPart) {
  return closePeriodIndicator({
    name,
    title,
    description,
    group: 'trend',
    talib,
    period: periodParam(14),
    lookback: linregLookback,
    batch: (x, p) => linreg(x, p, part),
    stream: (p) => new LinReg(p, part),
  });
}

export const linearregIndicator = linregIndicator(
  'linearreg',
  'Linear Regression',
  'End point of the least-squares line through the last `period` closes.',
  'LINEARREG',
  'value',
);
export const linearregSlopeIndicator = linregIndicator(
  'linearreg_slope',
  'Linear Regression Slope',
  'Slope per bar of the least-squares line.',
  'LINEARREG_SLOPE',
  'slope',
);
export const linearregAngleIndicator = linregIndicator(
  'linearreg_angle',
  'Linear Regression Angle',
  'Angle in degrees of the least-squares line.',
  'LINEARREG_ANGLE',
  'angle',
);
export const linearregInterceptIndicator = linregIndicator(
  'linearreg_intercept',
  'Linear Regression Intercept',
  'The least-squares line at the oldest bar of the window.',
  'LINEARREG_INTERCEPT',
  'intercept',
);
export const tsfIndicator = linregIndicator(
  'tsf',
  'Time Series Forecast',
  'The least-squares line extended one bar ahead.',
  'TSF',
  'forecast',
);
