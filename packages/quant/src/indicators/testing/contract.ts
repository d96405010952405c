import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import type { IndicatorDefinition, OhlcvBar, Params, SeriesInputs } from '../types.ts';
import { mulberry32 } from './series.ts';

interface Case {
  bars: OhlcvBar[];
  /** Earlier versions of each bar, streamed (update then replace) before its final version. */
  revisions: OhlcvBar[][];
}

function makeBar(rnd: () => number, prevClose: number, start: number, flat: boolean): OhlcvBar {
  if (flat) return { open: prevClose, high: prevClose, low: prevClose, close: prevClose, volume: Math.round(rnd() * 10), start };
  const open = prevClose;
  const close = open * (1 + (rnd() - 0.5) * 0.06);
  return {
    open,
    high: Math.max(open, close) * (1 + rnd() * 0.01),
    low: Math.min(open, close) * (1 - rnd() * 0.01),
    close,
    volume: 1 + Math.round(rnd() * 1000),
    start,
  };
}

/** Random-walk bars with flat stretches, and up to 3 earlier revisions per bar. */
const caseArb = fc
  .record({ seed: fc.integer(), n: fc.integer({ min: 1, max: 140 }), flatEvery: fc.integer({ min: 0, max: 9 }) })
  .map(({ seed, n, flatEvery }): Case => {
    const rnd = mulberry32(seed);
    const bars: OhlcvBar[] = [];
    const revisions: OhlcvBar[][] = [];
    let close = 100;
    for (let i = 0; i < n; i++) {
      const start = 1_700_000_000_000 + i * 3_600_000 * 5;
      const flat = flatEvery > 0 && i % 10 < flatEvery && rnd() < 0.3;
      const revs: OhlcvBar[] = [];
      const count = Math.floor(rnd() * 4);
      for (let r = 0; r < count; r++) revs.push(makeBar(rnd, close, start, false));
      const bar = makeBar(rnd, close, start, flat);
      bars.push(bar);
      revisions.push(revs);
      close = bar.close;
    }
    return { bars, revisions };
  });

function columns(bars: OhlcvBar[]): SeriesInputs {
  return {
    open: Float64Array.from(bars, (b) => b.open),
    high: Float64Array.from(bars, (b) => b.high),
    low: Float64Array.from(bars, (b) => b.low),
    close: Float64Array.from(bars, (b) => b.close),
    volume: Float64Array.from(bars, (b) => b.volume),
    start: Float64Array.from(bars, (b) => b.start!),
  };
}

/** Parameters drawn near each minimum (so warm-ups fit the series) plus the defaults. */
function paramsArb(def: IndicatorDefinition): fc.Arbitrary<Params<string>> {
  const entries: Record<string, fc.Arbitrary<number>> = {};
  for (const p of def.params) {
    if (p.integer) entries[p.name] = fc.integer({ min: p.min, max: Math.min(p.max, p.min + 12) });
    else entries[p.name] = fc.constantFrom(p.default, p.min + (p.default - p.min) / 2);
  }
  return fc.oneof(fc.constant(Object.fromEntries(def.params.map((p) => [p.name, p.default]))), fc.record(entries));
}

/**
 * The contract every indicator keeps: outputs the length of the input, NaN exactly during the
 * lookback, and a stream fed the same bars (with revisions through `replace`) that reports the
 * batch values bit for bit, null during warm-up; a repeated replace changes nothing.
 */
export function indicatorContract(def: IndicatorDefinition): void {
  it(`${def.name}: batch outputs have the input length and are NaN exactly during the lookback`, () => {
    fc.assert(
      fc.property(caseArb, paramsArb(def), ({ bars }, params) => {
        const out = def.batch(columns(bars), params);
        const lb = def.lookback(params);
        assert.deepEqual(Object.keys(out).sort(), [...def.outputs].sort());
        for (const name of def.outputs) {
          const a = out[name]!;
          assert.equal(a.length, bars.length);
          for (let i = 0; i < a.length; i++) {
            if (i < lb) assert.ok(Number.isNaN(a[i]!), `${name}[${i}] should be NaN (lookback ${lb})`);
            else assert.ok(Number.isFinite(a[i]!), `${name}[${i}] should be finite (lookback ${lb}): ${a[i]}`);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it(`${def.name}: streaming with replace equals batch exactly`, () => {
    fc.assert(
      fc.property(caseArb, paramsArb(def), ({ bars, revisions }, params) => {
        const out = def.batch(columns(bars), params);
        const s = def.stream(params);
        for (let i = 0; i < bars.length; i++) {
          const revs = revisions[i]!;
          let got = revs.length > 0 ? s.update(revs[0]!) : s.update(bars[i]!);
          for (let r = 1; r < revs.length; r++) got = s.replace(revs[r]!);
          if (revs.length > 0) got = s.replace(bars[i]!);
          assert.equal(s.count, i + 1);
          if (Number.isNaN(out[def.outputs[0]!]![i]!)) {
            assert.equal(got, null, `bar ${i}: expected null during warm-up`);
            continue;
          }
          assert.ok(got, `bar ${i}: expected values`);
          for (const name of def.outputs)
            assert.ok(Object.is(got[name], out[name]![i]), `bar ${i} ${name}: stream ${got[name]} != batch ${out[name]![i]}`);
          assert.deepEqual(s.value, got);
        }
        // replacing the last bar with itself is idempotent
        if (bars.length > 0) {
          const last = bars[bars.length - 1]!;
          const a = s.replace(last);
          const b = s.replace(last);
          assert.deepEqual(a, b);
          assert.equal(s.count, bars.length);
        }
      }),
      { numRuns: 40 },
    );
  });
}
