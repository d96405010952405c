import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Tick } from '@bourse/core';
import { IngestBatcher } from './index.ts';

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

  it('rejects the messages of a batch that failed, so the bus redelivers them', async () => {
    const b = new IngestBatcher(
      async () => {
        throw new Error('database down');
      },
      2,
      1000,
    );
    const results = await Promise.allSettled([b.add([tick(1)]), b.add([tick(2)])]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected'],
    );
  });
});
