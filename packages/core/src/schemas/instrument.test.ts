import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CATALOG } from '../catalog.ts';
import { decodeEnvelope, encodeEnvelope, envelope } from '../envelope.ts';
import { INSTRUMENT_UPSERT, instrumentPayload } from './instrument.ts';

const wire = (data: unknown) =>
  decodeEnvelope(encodeEnvelope(envelope({ id: 'r', type: INSTRUMENT_UPSERT, source: 'test', key: 'ACME', data })));

describe('instrument.upsert payload', () => {
  it('reads every instrument of the built-in catalog', () => {
    for (const { sim: _, ...instrument } of CATALOG) assert.deepEqual(instrumentPayload.read(wire(instrument)), instrument);
  });

  it('names the invalid field in the reason', () => {
    const acme = { ...CATALOG[0]!, symbol: 'ACME' };
    assert.throws(
      () => instrumentPayload.read(wire({ ...acme, assetClass: 'bond' })),
      /^PoisonMessageError: invalid instrument\.upsert: \/assetClass /,
    );
    assert.throws(() => instrumentPayload.read(wire({ ...acme, tickSize: 0 })), /invalid instrument\.upsert: \/tickSize must be > 0/);
    assert.equal(instrumentPayload.readOrNone(wire({ symbol: 'ACME' })), undefined);
  });
});
