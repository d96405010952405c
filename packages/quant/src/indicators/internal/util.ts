import type { InputName, SeriesInputs } from '../types.ts';

/** Output array of length n whose first `lookback` entries are NaN. */
export function output(n: number, lookback: number): Float64Array {
  const out = new Float64Array(n);
  out.fill(Number.NaN, 0, Math.min(lookback, n));
  return out;
}

export function input(inputs: SeriesInputs, name: InputName): Float64Array {
  const a = inputs[name];
  if (!a) throw new TypeError(`missing input series '${name}'`);
  return a;
}

/** NaN during warm-up becomes null, as the streaming API reports it. */
export function orNull(v: number): number | null {
  return !Number.isNaN(v) ? v : null;
}

/** Highest value of a[from..to] (inclusive). */
export function highest(a: Float64Array, from: number, to: number): number {
  let m = a[from]!;
  for (let i = from + 1; i <= to; i++) if (a[i]! > m) m = a[i]!;
  return m;
}

/** Lowest value of a[from..to] (inclusive). */
export function lowest(a: Float64Array, from: number, to: number): number {
  let m = a[from]!;
  for (let i = from + 1; i <= to; i++) if (a[i]! < m) m = a[i]!;
  return m;
}

/** Rolling maximum over `period` bars, NaN for the first period-1 (amortised O(1): rescans only when the maximum leaves). */
export function rollingMax(a: Float64Array, period: number): Float64Array {
  const n = a.length;
  const out = output(n, period - 1);
  let idx = -1;
  let m = 0;
  for (let i = period - 1; i < n; i++) {
    const from = i - period + 1;
    const v = a[i]!;
    if (idx < from) {
      idx = from;
      m = a[from]!;
      for (let j = from + 1; j <= i; j++) {
        if (a[j]! >= m) {
          m = a[j]!;
          idx = j;
        }
      }
    } else if (v >= m) {
      m = v;
      idx = i;
    }
    out[i] = m;
  }
  return out;
}

/** Rolling minimum over `period` bars, NaN for the first period-1. */
export function rollingMin(a: Float64Array, period: number): Float64Array {
  const n = a.length;
  const out = output(n, period - 1);
  let idx = -1;
  let m = 0;
  for (let i = period - 1; i < n; i++) {
    const from = i - period + 1;
    const v = a[i]!;
    if (idx < from) {
      idx = from;
      m = a[from]!;
      for (let j = from + 1; j <= i; j++) {
        if (a[j]! <= m) {
          m = a[j]!;
          idx = j;
        }
      }
    } else if (v <= m) {
      m = v;
      idx = i;
    }
    out[i] = m;
  }
  return out;
}
