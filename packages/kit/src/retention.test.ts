import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keepRecent } from './retention.ts';

describe('keepRecent', () => {
  it('prunes at start with the cut-off of the period, and stop aborts and waits for the prune under way', async () => {
    const calls: number[] = [];
    let aborted = false;
    let finished = false;
    const start = Date.now();
    const retention = keepRecent(
      2,
      async (before, signal) => {
        calls.push(before);
        await new Promise((r) => setTimeout(r, 50));
        aborted = signal.aborted;
        finished = true;
      },
      () => assert.fail('no error expected'),
    );
    await retention.stop();
    assert.equal(calls.length, 1);
    assert.ok(Math.abs(calls[0]! - (start - 2 * 3_600_000)) < 1000, `cut-off ${calls[0]}`);
    assert.ok(finished && aborted, 'stop waited for the prune and aborted its signal');
  });

  it('hands a failure to onError and settles `first`', async () => {
    const errors: unknown[] = [];
    const retention = keepRecent(
      1,
      async () => {
        throw new Error('database away');
      },
      (err) => errors.push(err),
    );
    await retention.first;
    await retention.stop();
    assert.equal((errors[0] as Error).message, 'database away');
  });
});
