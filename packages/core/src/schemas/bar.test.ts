import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeEnvelope, encodeEnvelope, envelope } from '../envelope.ts';
import { PoisonMessageError } from '../errors.ts';
import { BAR, type Bar, barPayload } from './bar.ts';

const bar: Bar = {
  symbol: 'BRK.B',
  interval: '1m',
  start: Date.UTC(2026, 0, 5, 14, 30),
  open: 100,
  high: 101.5,
  low: 99.25,
  close: 101,
  volume: 1200,
  trades: 7,
  vwap: 100.4,
  final: false,
};
/** As a message arrives: through JSON, as both buses carry it. */
const wire = (data: unknown, type = BAR) => decodeEnvelope(encodeEnvelope(envelope({ id: 'b', type, source: 'test', key: 'BRK.B', data })));
const refusal = (data: unknown) => {
  try {
    barPayload.check(data);
  } catch (err) {
    assert.ok(err instanceof PoisonMessageError);
    return err.message;
  }
  assert.fail(`accepted ${JSON.stringify(data)}`);
};

describe('bar payload', () => {
  it('reads a bar as the bars service publishes it', () => {
    assert.deepEqual(barPayload.read(wire(bar)), bar);
    assert.deepEqual(barPayload.read(wire({ ...bar, interval: '1d', final: true })), { ...bar, interval: '1d', final: true });
  });

  it('reads an index bar, which has no volume and the close as its vwap', () => {
    assert.deepEqual(barPayload.read(wire({ ...bar, symbol: 'SPX', volume: 0, vwap: bar.close })).volume, 0);
  });

  it('names the missing or mistyped field in the reason', () => {
    const { close: _, ...noClose } = bar;
    const cases: [unknown, RegExp][] = [
      [noClose, /^invalid bar: \/ must have required properties close$/],
      [{ ...bar, open: '100' }, /^invalid bar: \/open must be number$/],
      [{ ...bar, final: 'yes' }, /^invalid bar: \/final must be boolean$/],
      [{ ...bar, interval: '2m' }, /^invalid bar: \/interval /],
      [{ ...bar, symbol: 'brk b' }, /^invalid bar: \/symbol /],
      [{ ...bar, trades: 1.5 }, /^invalid bar: \/trades must be integer$/],
      [null, /^invalid bar: \/ must be object$/],
    ];
    for (const [data, reason] of cases) assert.match(refusal(data), reason);
  });

  it('refuses numbers no bar of real trades can have', () => {
    const cases: [Partial<Record<keyof Bar, unknown>>, RegExp][] = [
      [{ high: Number.NaN }, /\/high must be number/],
      [{ low: Number.POSITIVE_INFINITY }, /\/low must be number/],
      [{ close: 0 }, /\/close must be > 0/],
      [{ vwap: -1 }, /\/vwap must be > 0/],
      [{ volume: -5 }, /\/volume must be >= 0/],
      [{ trades: 0 }, /\/trades must be >= 1/],
      [{ start: -60_000 }, /\/start must be >= 0/],
      [{ start: 8.64e15 + 60_000 }, /\/start must be <= 8640000000000000/],
    ];
    for (const [over, reason] of cases) assert.match(refusal({ ...bar, ...over }), reason);
  });

  it('carries NaN through JSON as null, which it refuses', () => {
    assert.throws(() => barPayload.read(wire({ ...bar, close: Number.NaN })), /^PoisonMessageError: invalid bar: \/close must be number$/);
  });

  it('refuses another envelope type', () => {
    assert.throws(() => barPayload.read(wire(bar, 'indicator')), /unexpected message type "indicator" \(want bar\)/);
  });
});
