import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProtocolError } from './protocol.ts';
import { parseRoom } from './rooms.ts';

describe('parseRoom', () => {
  it('reads the room kinds it serves', () => {
    assert.equal(parseRoom('quotes:AAPL').name, 'quotes:AAPL');
    assert.equal(parseRoom('bars:1m:AAPL').name, 'bars:1m:AAPL');
  });

  for (const name of ['constructor', 'toString', '__proto__', 'valueOf:AAPL', 'hasOwnProperty:1m:AAPL', 'isPrototypeOf']) {
    it(`refuses "${name}" as an unknown room, not as a member of Object.prototype`, () => {
      assert.throws(
        () => parseRoom(name),
        (err: unknown) => err instanceof ProtocolError && err.code === 'unknown_room',
      );
    });
  }
});

describe('the signals and insights rooms', () => {
  const signal = {
    symbol: 'AAPL',
    signal: 'buy',
    probability: 0.6,
    confidence: 0.2,
    horizon: 5,
    interval: '1d',
    modelId: 'm_1',
    version: 1,
    asOf: 1_700_000_000_000,
    topFeatures: [],
    oos: { auc: 0.51, n: 100, aboveChance: false },
  };
  const env = (type: string, data: unknown) => ({ id: 'x', type, v: 1, ts: 1, source: 't', key: 'AAPL', data });

  it('forward a schema-valid signal of their symbol, ordered by its asOf, and skip the rest', () => {
    const room = parseRoom('signals:AAPL');
    assert.deepEqual([room.subject, room.type], ['ai.signal.AAPL', 'ai.signal']);
    assert.deepEqual(room.fromBus(env('ai.signal', signal)), { seq: signal.asOf, data: signal });
    assert.equal(room.fromBus(env('ai.signal', { ...signal, symbol: 'MSFT' })), undefined);
    assert.equal(room.fromBus(env('ai.signal', { ...signal, probability: 2 })), undefined, 'fails its schema');
    const insights = parseRoom('insights:AAPL');
    assert.deepEqual([insights.subject, insights.type], ['insight.AAPL', 'insight']);
    const insight = { symbol: 'AAPL', asOf: 5, score: 10, label: 'neutral', confidence: 0.5, components: [], notes: [] };
    assert.deepEqual(insights.fromBus(env('insight', insight)), { seq: 5, data: insight });
  });
});
