import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeEnvelope, encodeEnvelope, envelope } from '../envelope.ts';
import { PoisonMessageError } from '../errors.ts';
import { INDICATOR, type IndicatorUpdate, indicatorPayload } from './indicator.ts';

const update: IndicatorUpdate = {
  symbol: 'AAPL',
  interval: '5m',
  start: Date.UTC(2026, 0, 5, 14, 30),
  final: false,
  values: { 'rsi(14)': { value: 61.2 }, 'macd(12,26,9)': { macd: 0.4, signal: 0.3, histogram: 0.1 }, 'sma(200)': null },
};
/** As a message arrives: through JSON, as both buses carry it. */
const wire = (data: unknown) => decodeEnvelope(encodeEnvelope(envelope({ id: 'i', type: INDICATOR, source: 'test', key: 'AAPL', data })));
const refusal = (data: unknown) => {
  try {
    indicatorPayload.check(data);
  } catch (err) {
    assert.ok(err instanceof PoisonMessageError);
    return err.message;
  }
  assert.fail(`accepted ${JSON.stringify(data)}`);
};

describe('indicator update payload', () => {
  it('reads an update with values, and null for an indicator still warming up', () => {
    assert.deepEqual(indicatorPayload.read(wire(update)), update);
  });

  it('reads an output the indicator could not define at this bar, which JSON turns from NaN into null', () => {
    const flat = { ...update, values: { 'stoch(14,3,3)': { k: Number.NaN, d: Number.NaN } } };
    assert.deepEqual(indicatorPayload.read(wire(flat)).values, { 'stoch(14,3,3)': { k: null, d: null } });
  });

  it('names the missing or mistyped field in the reason', () => {
    const { values: _, ...noValues } = update;
    const cases: [unknown, RegExp][] = [
      [noValues, /^invalid indicator: \/ must have required properties values$/],
      [{ ...update, interval: 'daily' }, /^invalid indicator: \/interval /],
      [{ ...update, start: '2026-01-05' }, /^invalid indicator: \/start must be integer$/],
      [{ ...update, final: 1 }, /^invalid indicator: \/final must be boolean$/],
      [{ ...update, values: { 'rsi(14)': { value: '61' } } }, /^invalid indicator: \/values\/rsi\(14\)/],
      [{ ...update, values: { 'rsi(14)': 61 } }, /^invalid indicator: \/values\/rsi\(14\)/],
      [{ ...update, symbol: '' }, /^invalid indicator: \/symbol /],
    ];
    for (const [data, reason] of cases) assert.match(refusal(data), reason);
  });

  it('refuses an infinite value or a start outside the range of a date', () => {
    assert.match(refusal({ ...update, values: { 'rsi(14)': { value: Number.POSITIVE_INFINITY } } }), /\/values\/rsi\(14\)/);
    assert.match(refusal({ ...update, start: -1 }), /\/start must be >= 0/);
  });
});
