import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type { Ohlcv } from './series.ts';

/** The subset of the `talib` node binding (1.1.6) the reference tests use. */
interface TalibResult {
  begIndex: number;
  nbElement: number;
  result: Record<string, number[]>;
}
interface Talib {
  execute(args: Record<string, unknown>): TalibResult;
}

const talib = createRequire(import.meta.url)('talib') as Talib;

/**
 * Runs a TA-Lib function over the whole series and places its outputs at their bar positions
 * (NaN before begIndex). Inputs go in as plain arrays: the binding reads Float64Arrays wrongly.
 */
export function talibRun(name: string, series: Partial<Ohlcv> & { inReal?: Float64Array }, opts: Record<string, number> = {}) {
  const args: Record<string, unknown> = { name, startIdx: 0, ...opts };
  let n = 0;
  for (const key of ['open', 'high', 'low', 'close', 'volume', 'inReal'] as const) {
    const a = series[key];
    if (a) {
      args[key] = Array.from(a);
      n = a.length;
    }
  }
  args['endIdx'] = n - 1;
  const r = talib.execute(args);
  const out: Record<string, Float64Array> = {};
  for (const [key, values] of Object.entries(r.result)) {
    const a = new Float64Array(n).fill(Number.NaN);
    for (let i = 0; i < r.nbElement; i++) a[r.begIndex + i] = values[i]!;
    out[key] = a;
  }
  return { begIndex: r.begIndex, out };
}

/** Same warm-up as TA-Lib, then every value within 1e-9 relative (absolute near zero). */
export function assertMatches(actual: Float64Array, expected: Float64Array, label: string, tol = 1e-9): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  let firstExpected = expected.findIndex((v) => !Number.isNaN(v));
  if (firstExpected < 0) firstExpected = expected.length;
  let firstActual = actual.findIndex((v) => !Number.isNaN(v));
  if (firstActual < 0) firstActual = actual.length;
  assert.equal(firstActual, firstExpected, `${label}: warm-up length`);
  for (let i = firstExpected; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const scale = Math.max(Math.abs(a), Math.abs(e), 1);
    if (!(Math.abs(a - e) <= tol * scale)) assert.fail(`${label}: bar ${i}: ${a} != talib ${e}`);
  }
}
