import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Type from 'typebox';
import { envelope } from './envelope.ts';
import { PoisonMessageError } from './errors.ts';
import { payloadReader } from './payload.ts';

const Point = Type.Object({ symbol: Type.String(), price: Type.Number({ exclusiveMinimum: 0 }) });
const points = payloadReader('point', Point, { versions: [1, 2] });
const env = (data: unknown, type = 'point', v = 1) => envelope({ id: 'x', type, v, source: 'test', key: 'K', data });

describe('payloadReader', () => {
  it('returns the payload of a valid envelope', () => {
    assert.deepEqual(points.read(env({ symbol: 'A', price: 1 })), { symbol: 'A', price: 1 });
    assert.deepEqual(points.read(env({ symbol: 'A', price: 1 }, 'point', 2)), { symbol: 'A', price: 1 });
  });

  it('names the first invalid field in the PoisonMessageError', () => {
    assert.throws(
      () => points.read(env({ symbol: 'A', price: -1 })),
      (err: unknown) => err instanceof PoisonMessageError && /^invalid point: \/price /.test(err.message),
    );
  });

  it('refuses another type or an unknown version', () => {
    assert.throws(() => points.read(env({ symbol: 'A', price: 1 }, 'bar')), /unexpected message type "bar" \(want point\)/);
    assert.throws(() => points.read(env({ symbol: 'A', price: 1 }, 'point', 3)), /unsupported point version 3 \(this build reads 1, 2\)/);
  });

  it('readOrNone returns undefined for what read would refuse', () => {
    assert.equal(points.readOrNone(env({ symbol: 'A' })), undefined);
    assert.equal(points.readOrNone(env({ symbol: 'A', price: 2 }))?.price, 2);
  });

  it('validates one envelope object once, however many followers read it', () => {
    const e = env({ symbol: 'A', price: 1 });
    const first = points.read(e);
    (e.data as { price: number }).price = -5; // a later reader gets the verdict already reached
    assert.equal(points.read(e), first);
  });

  it('check validates a bare value', () => {
    assert.throws(() => points.check({ price: 1 }), PoisonMessageError);
  });
});
