import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkBars, type RawBar } from './quality.ts';

const DAY = 86_400_000;
// Monday 2025-01-06, 00:00 UTC
const MON = Date.UTC(2025, 0, 6);
const bar = (start: number, close: number, extra: Partial<RawBar> = {}): RawBar => ({
  start,
  open: close,
  high: close + 1,
  low: close - 1,
  close,
  volume: 100,
  ...extra,
});
const daily = { interval: '1d' as const, to: MON + 5 * DAY, everyDay: false };
const checks = (rows: RawBar[], options = daily) => checkBars(rows, options).issues.map((i) => [i.check, i.rejected]);

describe('data quality', () => {
  it('accepts a clean trading week with no issue', () => {
    const week = [0, 1, 2, 3, 4].map((d) => bar(MON + d * DAY, 100 + d));
    const { accepted, issues } = checkBars(week, daily);
    assert.equal(accepted.length, 5);
    assert.deepEqual(issues, []);
  });

  it('rejects non-finite values, non-positive prices and negative volume, keeping the reason', () => {
    const rows = [
      bar(MON, Number.NaN),
      bar(MON + DAY, 100, { high: Number.POSITIVE_INFINITY }),
      bar(MON + 2 * DAY, 0, { high: 1, low: 0 }),
      bar(MON + 3 * DAY, 100, { volume: -5 }),
      bar(MON + 4 * DAY, 100),
    ];
    const { accepted, issues } = checkBars(rows, daily);
    assert.equal(accepted.length, 1);
    assert.deepEqual(
      issues.map((i) => [i.check, i.rejected]),
      [
        ['non_finite', true],
        ['non_finite', true],
        ['non_positive_price', true],
        ['negative_volume', true],
      ],
    );
    assert.match(issues[1]!.reason, /high/);
    assert.deepEqual(issues[0]!.row, { start: MON, open: 'NaN', high: 'NaN', low: 'NaN', close: 'NaN', volume: 100 });
  });

  it('rejects a bar whose low is above its open or whose high is below its close', () => {
    assert.deepEqual(checks([bar(MON, 100, { low: 100.5 }), bar(MON + DAY, 100, { high: 99.5 })]), [
      ['ohlc', true],
      ['ohlc', true],
    ]);
  });

  it('rejects duplicate and out-of-order timestamps', () => {
    const rows = [bar(MON, 100), bar(MON + 2 * DAY, 101), bar(MON + 2 * DAY, 102), bar(MON + DAY, 103)];
    const { accepted, issues } = checkBars(rows, daily);
    assert.deepEqual(
      accepted.map((b) => b.close),
      [100, 101],
    );
    assert.deepEqual(
      issues.filter((i) => i.rejected).map((i) => i.check),
      ['duplicate', 'out_of_order'],
    );
  });

  it('flags a missing weekday but not a weekend, and every missing day for crypto', () => {
    // Fri, then Mon: a weekend. Mon then Wed: Tuesday is missing.
    const fri = MON - 3 * DAY;
    const rows = [bar(fri, 100), bar(MON, 101), bar(MON + 2 * DAY, 102)];
    const gaps = checkBars(rows, daily).issues.filter((i) => i.check === 'gap');
    assert.equal(gaps.length, 1);
    assert.equal(gaps[0]!.rejected, false);
    assert.match(gaps[0]!.reason, /^1 1d bar missing/);
    const crypto = checkBars(rows, { ...daily, everyDay: true }).issues.filter((i) => i.check === 'gap');
    assert.deepEqual(
      crypto.map((g) => g.reason.split(' ')[0]),
      ['2', '1'],
    );
    const minutes = [bar(MON, 10), bar(MON + 60_000, 10.1), bar(MON + 5 * 60_000, 10.2)];
    const intraday = checkBars(minutes, { interval: '1m', to: MON + 6 * 60_000, everyDay: true }).issues;
    assert.deepEqual(
      intraday.map((i) => i.reason.split(' ')[0]),
      ['3'],
    );
  });

  it('flags a robust outlier and loads it all the same', () => {
    // Alternating ±1% returns, then one +30% jump.
    const closes = Array.from({ length: 30 }, (_, i) => 100 * (i % 2 === 0 ? 1 : 1.01));
    closes[20] = closes[19]! * 1.3;
    const rows = closes.map((c, i) => bar(MON + i * DAY, c));
    const { accepted, issues } = checkBars(rows, { ...daily, everyDay: true, to: MON + 30 * DAY });
    assert.equal(accepted.length, 30);
    const outliers = issues.filter((i) => i.check === 'outlier');
    // The jump up and the fall back are both far outside the ±1% band.
    assert.deepEqual(
      outliers.map((o) => o.start),
      [MON + 20 * DAY, MON + 21 * DAY],
    );
    assert.ok(outliers.every((o) => !o.rejected));
  });

  it('flags a series whose last bar is long before the end of the range, or whose close stopped moving', () => {
    const old = checkBars([bar(MON, 100)], { ...daily, to: MON + 20 * DAY }).issues;
    assert.deepEqual(
      old.map((i) => [i.check, i.rejected]),
      [['stale', false]],
    );
    const flat = Array.from({ length: 12 }, (_, i) => bar(MON + i * 60_000, 50, { volume: 0 }));
    const frozen = checkBars(flat, { interval: '1m', to: MON + 12 * 60_000, everyDay: true }).issues;
    assert.deepEqual(
      frozen.map((i) => i.check),
      ['stale'],
    );
    assert.match(frozen[0]!.reason, /12 bars/);
  });
});
