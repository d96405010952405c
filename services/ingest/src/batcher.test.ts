import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PoisonMessageError, type Tick, UnavailableError } from '@bourse/core';
import { IngestBatcher } from './batcher.ts';

const tick = (seq: number): Tick => ({ symbol: 'AAPL', ts: 1, seq, price: 1, size: 1, bid: 1, ask: 1 });
/** Let every pending callback and timer-free continuation run. */
const settle = () => new Promise((r) => setImmediate(r));

describe('IngestBatcher', () => {
  it('writes a batch when it reaches the batch size, and resolves its messages only then', async () => {
    const written: number[][] = [];
    const b = new IngestBatcher(async (ticks) => void written.push(ticks.map((t) => t.seq)), 3, 10_000);
    let done = false;
    const first = b.add([tick(1), tick(2)]).then(() => {
      done = true;
    });
    await settle();
    assert.equal(done, false);
    assert.deepEqual(written, []);
    await Promise.all([first, b.add([tick(3)])]);
    assert.deepEqual(written, [[1, 2, 3]]);
  });

  it('writes what waits after maxWaitMs', async () => {
    const written: number[][] = [];
    const b = new IngestBatcher(async (ticks) => void written.push(ticks.map((t) => t.seq)), 1000, 20);
    await b.add([tick(1)]);
    assert.deepEqual(written, [[1]]);
  });

  it('writes at most two batches at once', async () => {
    let running = 0;
    let most = 0;
    // Each write holds until the test lets it finish, so "at once" does not depend on how fast the machine is.
    const release: (() => void)[] = [];
    const b = new IngestBatcher(
      async () => {
        running++;
        most = Math.max(most, running);
        await new Promise<void>((r) => release.push(r));
        running--;
      },
      1,
      1000,
    );
    const all = Promise.all([1, 2, 3, 4, 5].map((i) => b.add([tick(i)])));
    let released = 0;
    while (released < 5) {
      await settle();
      if (release.length > released) {
        assert.ok(running <= 2, `${running} writes at once`);
        release[released++]!();
      }
    }
    await all;
    assert.equal(most, 2);
  });

  it("rejects the messages of a batch with the store's UnavailableError once the hold is over, without splitting it, so the bus redelivers them", async () => {
    const sizes: number[] = [];
    let reported = 0;
    const b = new IngestBatcher(
      async (ticks) => {
        sizes.push(ticks.length);
        throw new UnavailableError('database down');
      },
      2,
      1000,
      { holdMs: 30, retryDelayMs: { initial: 1, max: 5 }, onUnavailable: () => reported++ },
    );
    const results = await Promise.allSettled([b.add([tick(1)]), b.add([tick(2)])]);
    for (const r of results) {
      assert.equal(r.status, 'rejected');
      assert.ok(r.reason instanceof UnavailableError);
    }
    assert.ok(sizes.length >= 1);
    assert.ok(
      sizes.every((n) => n === 2),
      `the whole batch every time: ${sizes.join(', ')}`,
    );
    assert.equal(reported, sizes.length);
  });

  it('retries a batch while the store is away and stores it when the store is back', async () => {
    let failures = 3;
    const written: number[][] = [];
    let back = 0;
    const b = new IngestBatcher(
      async (ticks) => {
        if (failures-- > 0) throw new UnavailableError('database restarting');
        written.push(ticks.map((t) => t.seq));
      },
      2,
      1000,
      { holdMs: 600_000, retryDelayMs: { initial: 1, max: 5 }, onWritten: () => back++ },
    );
    await Promise.all([b.add([tick(1)]), b.add([tick(2)])]);
    assert.deepEqual(written, [[1, 2]]);
    assert.equal(back, 1);
  });

  it("stops holding when told to (shutting down): the held batch is rejected with the store's error", async () => {
    const b = new IngestBatcher(
      async () => {
        throw new UnavailableError('database down');
      },
      1,
      1000,
      { holdMs: 600_000, retryDelayMs: { initial: 1, max: 5 } },
    );
    const held = b.add([tick(1)]);
    await settle();
    b.stopHolding();
    await assert.rejects(held, UnavailableError);
  });

  it("bisects a batch the store refuses down to the messages it refuses: only they are rejected, as poison with the store's reason, the rest stored", async () => {
    const poison = new Set([3, 11, 12]);
    const stored: number[] = [];
    let writes = 0;
    const refused: unknown[] = [];
    const b = new IngestBatcher(
      async (ticks) => {
        writes++;
        const bad = ticks.find((t) => poison.has(t.seq));
        // like PostgreSQL: the whole transaction fails, nothing of it is stored
        if (bad) throw Object.assign(new Error(`value out of range for type bigint (seq ${bad.seq})`), { code: '22003' });
        stored.push(...ticks.map((t) => t.seq));
      },
      32,
      10_000,
      { onRefused: (err) => refused.push(err) },
    );
    // 16 messages of two ticks each: message i holds seq 2i and 2i + 1
    const messages = Array.from({ length: 16 }, (_, i) => b.add([tick(2 * i), tick(2 * i + 1)]));
    const results = await Promise.allSettled(messages);
    const rejected = results.flatMap((r, i) => (r.status === 'rejected' ? [i] : []));
    assert.deepEqual(rejected, [1, 5, 6], 'the messages holding seq 3, 11 and 12');
    for (const i of rejected) {
      const reason = (results[i] as PromiseRejectedResult).reason as Error;
      assert.ok(reason instanceof PoisonMessageError);
      assert.match(reason.message, /^the store refused its ticks: value out of range for type bigint/);
    }
    const good = Array.from({ length: 32 }, (_, seq) => seq).filter((seq) => ![2, 3, 10, 11, 12, 13].includes(seq));
    assert.deepEqual(
      stored.sort((x, y) => x - y),
      good,
      'every tick of every other message stored once',
    );
    assert.equal(refused.length, 3);
    // 1 whole batch, then down the tree: at most 2 writes per level per bad message (log2 16 = 4 levels)
    assert.ok(writes <= 1 + 3 * 2 * 4, `${writes} writes`);
  });

  it("rejects a refused message's neighbours with the transient error when the store goes away while bisecting", async () => {
    let calls = 0;
    const b = new IngestBatcher(
      async (ticks) => {
        calls++;
        if (calls === 1) throw new Error('invalid input syntax');
        if (ticks.some((t) => t.seq === 0)) throw new Error('invalid input syntax');
        throw new UnavailableError('database down');
      },
      2,
      1000,
    );
    const [first, second] = await Promise.allSettled([b.add([tick(0)]), b.add([tick(1)])]);
    assert.ok(first.status === 'rejected' && first.reason instanceof PoisonMessageError);
    assert.ok(second.status === 'rejected' && second.reason instanceof UnavailableError, 'not dead-lettered: the store was away');
  });
});
