import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeEnvelope, encodeEnvelope, envelope } from './envelope.ts';
import { readTickBatch, TICK_BATCH_VERSION, tickBatch, TickBatchError, ticksOrNone } from './tick-batch.ts';
import { TICK_PRICE_MAX, TICK_SIZE_MAX, TICK_TS_MAX, TICK_TS_MIN, type Tick } from './types.ts';

const tick = (seq: number, over: Partial<Tick> = {}): Tick => ({
  symbol: 'AAPL',
  ts: 1_700_000_000_000 + seq,
  seq,
  price: 100 + seq / 100,
  size: 10,
  bid: 99.99,
  ask: 100.01,
  ...over,
});
/** As a message arrives: through JSON, as both buses carry it. */
const wire = <T>(env: T) => decodeEnvelope(encodeEnvelope(env as never));

describe('tick batches', () => {
  it('round-trips any ticks of one symbol through the columnar version exactly, id included', () => {
    const num = fc.double({ min: 1e-9, max: TICK_PRICE_MAX, noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            ts: fc.integer({ min: TICK_TS_MIN, max: TICK_TS_MAX }),
            seq: fc.nat(),
            price: num,
            size: fc.double({ min: 0, max: 1e9, noNaN: true }),
            bid: num,
            ask: num,
          }),
          {
            minLength: 1,
            maxLength: 50,
          },
        ),
        (rows) => {
          const ticks = rows.map((r) => ({ symbol: 'BRK.B', ...r }));
          const env = tickBatch(ticks, { source: 'test' });
          assert.equal(env.v, TICK_BATCH_VERSION);
          assert.equal(env.id, `tick:BRK.B:${ticks[0]!.seq}-${ticks.at(-1)!.seq}@${ticks[0]!.ts}`);
          assert.deepEqual(readTickBatch(wire(env)), ticks);
        },
      ),
      { seed: 20261123, numRuns: 300 },
    );
  });

  it('is about half the bytes of the array-of-objects version', () => {
    const ticks = Array.from({ length: 100 }, (_, i) => tick(i));
    const v2 = encodeEnvelope(tickBatch(ticks, { source: 'feed@x' })).length;
    const v1 = encodeEnvelope(envelope({ id: 'x', type: 'tick.batch', source: 'feed@x', key: 'AAPL', data: ticks })).length;
    assert.ok(v2 < v1 * 0.55, `v2 ${v2} bytes, v1 ${v1}`);
  });

  it('still reads version 1, an array of tick objects', () => {
    const ticks = [tick(1), tick(2)];
    assert.deepEqual(readTickBatch(wire(envelope({ id: 'x', type: 'tick.batch', source: 's', key: 'AAPL', data: ticks }))), ticks);
  });

  it('refuses what is not a readable batch, saying why', () => {
    const good = tickBatch([tick(1), tick(2), tick(3)], { source: 's' });
    const cases: [unknown, RegExp][] = [
      [{ ...good, type: 'bar' }, /unexpected message type "bar"/],
      [{ ...good, v: 3 }, /unsupported tick batch version 3/],
      [{ ...good, data: { ...good.data, price: [1, -2, 3] } }, /invalid tick batch: \/price\/1/],
      [{ ...good, data: { ...good.data, bid: [1, 2] } }, /\/bid has 2 values, \/ts has 3/],
      [{ ...good, data: { ...good.data, ts: [] } }, /invalid tick batch: \/ts/],
      [{ ...good, data: { ...good.data, symbol: 'no spaces' } }, /invalid tick batch: \/symbol/],
      [{ ...good, data: { ...good.data, seq: [1, 2.5, 3] } }, /invalid tick batch: \/seq\/1/],
      [{ ...good, data: { ...good.data, ts: [1, 2, 8.64e15 + 1] } }, /invalid tick batch: \/ts\/0 must be >= 946684800000/],
      [{ ...good, v: 1, data: [tick(1, { ts: 1e16 })] }, /invalid tick batch: \/0\/ts must be <= 7258118399999/],
      [{ ...good, data: { ...good.data, ask: undefined } }, /invalid tick batch/],
      [{ ...good, data: { ...good.data, size: [1, Number.NaN, 1] } }, /invalid tick batch/],
      [{ ...good, v: 1, data: [{ symbol: 'AAPL', price: 'NaN' }] }, /invalid tick batch: \/0/],
      [{ ...good, v: 1, data: [tick(1, { ask: Number.POSITIVE_INFINITY })] }, /invalid tick batch/],
    ];
    for (const [env, reason] of cases) {
      assert.throws(
        () => readTickBatch(env as never),
        (err: Error) => err instanceof TickBatchError && reason.test(err.message),
      );
      assert.deepEqual(ticksOrNone(env as never), []);
    }
  });

  it('refuses the values the store cannot hold exactly, each at the first value past its bound', () => {
    const good = tickBatch([tick(1), tick(2)], { source: 's' });
    const column = (name: keyof typeof good.data, values: unknown) => ({ ...good, data: { ...good.data, [name]: values } });
    const cases: [unknown, RegExp][] = [
      // a time in microseconds, the 1e17 ms, a time in seconds read as milliseconds, a day before the window
      [column('ts', [1_700_000_000_000, 1_700_000_000_000_000]), /\/ts\/1 must be <= 7258118399999/],
      [column('ts', [1_700_000_000_000, 1e17]), /\/ts\/1 must be <= 7258118399999/],
      [column('ts', [1_700_000_000, 1_700_000_000_000]), /\/ts\/0 must be >= 946684800000/],
      [column('ts', [TICK_TS_MIN - 1, TICK_TS_MIN]), /\/ts\/0 must be >= 946684800000/],
      [column('ts', [TICK_TS_MAX, TICK_TS_MAX + 1]), /\/ts\/1 must be <= 7258118399999/],
      // past int8 (the 1e20), and past what a number holds exactly
      [column('seq', [1, 1e20]), /\/seq\/1 must be <= 9007199254740991/],
      [column('seq', [1, Number.MAX_SAFE_INTEGER + 1]), /\/seq\/1 must be <= 9007199254740991/],
      [column('seq', [-1, 2]), /\/seq\/0 must be >= 0/],
      [column('price', [1, TICK_PRICE_MAX * 10]), /\/price\/1 must be <= 1000000000000/],
      [column('bid', [1e300, 1]), /\/bid\/0 must be <= 1000000000000/],
      [column('ask', [0, 1]), /\/ask\/0 must be > 0/],
      [column('size', [1, TICK_SIZE_MAX * 2]), /\/size\/1 must be <= 1000000000000000/],
      [column('symbol', 'A'.repeat(33)), /\/symbol/],
    ];
    for (const [env, reason] of cases) {
      assert.throws(
        () => readTickBatch(wire(env)),
        (err: Error) => err instanceof TickBatchError && reason.test(err.message),
        String(reason),
      );
    }
    const edge = [
      tick(1, { ts: TICK_TS_MIN, seq: 0, size: 0 }),
      tick(2, { ts: TICK_TS_MAX, seq: Number.MAX_SAFE_INTEGER, price: TICK_PRICE_MAX, size: TICK_SIZE_MAX }),
    ];
    assert.deepEqual(readTickBatch(wire(tickBatch(edge, { source: 's' }))), edge, 'the bounds themselves are ticks');
  });

  it('reads an envelope once for all the followers it is handed to', () => {
    const env = wire(tickBatch([tick(1), tick(2)], { source: 's' }));
    const first = ticksOrNone(env);
    assert.equal(ticksOrNone(env), first);
    assert.notEqual(ticksOrNone(wire(tickBatch([tick(1), tick(2)], { source: 's' }))), first, 'another message is read afresh');
  });

  it('builds a batch of one symbol only, and of at least one tick', () => {
    assert.throws(() => tickBatch([tick(1), tick(2, { symbol: 'MSFT' })], { source: 's' }), /one symbol: AAPL and MSFT/);
    assert.throws(() => tickBatch([], { source: 's' }), TickBatchError);
  });
});
