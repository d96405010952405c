import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeEnvelope, encodeEnvelope, envelope } from '../envelope.ts';
import { LOG_BATCH, logBatchPayload } from './logs.ts';

/** As a message arrives: through JSON, as both buses carry it. */
const wire = (data: unknown, type = LOG_BATCH) =>
  decodeEnvelope(encodeEnvelope(envelope({ id: 'l', type, source: 'symbols@a', key: 'symbols', data })));

const line = {
  level: 'info',
  time: '2026-01-05T14:30:00.000Z',
  msg: 'instrument registered',
  service: 'symbols',
  instance: 'a',
  requestId: 'r-1',
  symbol: 'ACME',
  err: { message: 'boom' },
};

describe('log.batch payload', () => {
  it('reads a batch as the kit publishes it, keeping every field of a line', () => {
    assert.deepEqual(logBatchPayload.read(wire({ lines: [line, { msg: 'bare' }, { time: 1_767_623_400_000 }] })), {
      lines: [line, { msg: 'bare' }, { time: 1_767_623_400_000 }],
    });
    assert.deepEqual(logBatchPayload.read(wire({ lines: [] })), { lines: [] });
  });

  it('names the missing or mistyped field in the reason', () => {
    const cases: [unknown, RegExp][] = [
      [{}, /^PoisonMessageError: invalid log\.batch: \/ must have required properties lines$/],
      [{ lines: 'text' }, /invalid log\.batch: \/lines must be array/],
      [{ lines: [line, 'a line that is not an object'] }, /invalid log\.batch: \/lines\/1 must be object/],
      [{ lines: [{ ...line, level: 30 }] }, /invalid log\.batch: \/lines\/0\/level must be string/],
      [{ lines: [{ ...line, requestId: null }] }, /invalid log\.batch: \/lines\/0\/requestId must be string/],
    ];
    for (const [data, reason] of cases) assert.throws(() => logBatchPayload.read(wire(data)), reason, JSON.stringify(data));
    assert.throws(() => logBatchPayload.read(wire({ lines: [] }, 'bar')), /unexpected message type "bar"/);
  });
});
