import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { envelope } from '@bourse/core';
import { busContract } from './contract.ts';
import { createMemoryBus } from './memory.ts';

busContract('memory', async () => {
  const bus = createMemoryBus({ name: 'contract' });
  return { bus, publishRaw: (subject, data) => bus.publishRaw(subject, data) };
});

/** Wait until `done()` holds, yielding to the bus between looks; fails after 5 s. */
async function until(what: string, done: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!done()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

const env = (id: string) => envelope({ id, type: 'test', source: 'memory.test', key: id, data: null });

describe('memory bus', () => {
  it('forgets ids once the de-duplication window has passed', async () => {
    let now = 0;
    const bus = createMemoryBus({ dedupWindowMs: 1000, now: () => now });
    const got: string[] = [];
    await bus.consume('md.tick.>', { durable: 'w' }, async (m) => {
      got.push(m.envelope.id);
    });
    await bus.publish('md.tick.A', env('a'));
    now = 999;
    await bus.publish('md.tick.A', env('a'));
    now = 2000;
    await bus.publish('md.tick.A', env('a'));
    // A last message, delivered after the others in order: once it is in, nothing else is coming.
    await bus.publish('md.tick.A', env('end'));
    await until('the last message', () => got.includes('end'));
    assert.deepEqual(got, ['a', 'a', 'end']);
    await bus.close();
  });

  it('refuses a publish that would overflow a durable nobody is draining', async () => {
    const bus = createMemoryBus({ maxQueuedPerDurable: 2 });
    const c = await bus.consume('md.tick.>', { durable: 'stalled' }, async () => {});
    await c.stop();
    await bus.publish('md.tick.A', env('1'));
    await bus.publish('md.tick.A', env('2'));
    await assert.rejects(bus.publish('md.tick.A', env('3')), { name: 'BusOverflowError' });
    // the refused id was not remembered, so a retry after the backlog drains is accepted
    const got: string[] = [];
    await bus.consume('md.tick.>', { durable: 'stalled' }, async (m) => {
      got.push(m.envelope.id);
    });
    await until('the backlog to drain', () => got.length === 2);
    await bus.publish('md.tick.A', env('3'));
    await until('the retried message', () => got.length === 3);
    assert.deepEqual(got, ['1', '2', '3']);
    await bus.close();
  });

  it('does not deliver inside publish', async () => {
    const bus = createMemoryBus();
    let handled = false;
    await bus.consume('md.tick.>', { durable: 'w' }, async () => {
      handled = true;
    });
    const sub = bus.subscribe('md.tick.>');
    await bus.publish('md.tick.A', env('a'));
    assert.equal(handled, false);
    for await (const m of sub) {
      assert.equal(m.envelope.id, 'a');
      break;
    }
    await bus.close();
  });

  it('refuses to consume a pattern no stream persists, and bad names', async () => {
    const bus = createMemoryBus();
    await assert.rejects(
      bus.consume('chat.>', { durable: 'w' }, async () => {}),
      { name: 'InvalidBusArgumentError' },
    );
    await assert.rejects(
      bus.consume('md.tick.>', { durable: 'a.b' }, async () => {}),
      { name: 'InvalidBusArgumentError' },
    );
    await assert.rejects(bus.publish('md.tick.*', env('x')), { name: 'InvalidBusArgumentError' });
    await bus.close();
  });
});
