import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type OutboxMessage, Outbox, type OutboxOptions } from './outbox.ts';
import { BusClosedError, BusOverflowError } from './port.ts';

class Away extends Error {
  override name = 'Away';
}

/** A broker that stores what it is sent, de-duplicating by id, and can be switched off. */
function broker() {
  const stored: OutboxMessage[] = [];
  const ids = new Set<string>();
  const attempts: string[] = [];
  const state = { up: true, refuse: new Set<string>() };
  const send = async (m: OutboxMessage) => {
    attempts.push(m.id);
    await new Promise((r) => setImmediate(r));
    if (state.refuse.has(m.id)) throw new Error('payload too large');
    if (!state.up) throw new Away('no responders');
    if (ids.has(m.id)) return;
    ids.add(m.id);
    stored.push(m);
  };
  return { stored, attempts, state, send };
}

const quiet = { warn: () => undefined, error: () => undefined };
const msg = (subject: string, n: number, size = 10): OutboxMessage => ({ subject, id: `${subject}:${n}`, bytes: new Uint8Array(size) });

function outbox(b: ReturnType<typeof broker>, o: Partial<OutboxOptions> = {}) {
  const drops: [string, number][] = [];
  const box = new Outbox({
    maxMessages: 1000,
    maxBytes: 1_000_000,
    policy: 'drop-oldest',
    send: b.send,
    isTransient: (err) => err instanceof Away,
    logger: quiet,
    retryDelayMs: { initial: 1, max: 5 },
    observer: { dropped: (reason, n) => drops.push([reason, n]) },
    ...o,
  });
  return { box, drops };
}

describe('Outbox', () => {
  it('resolves a publish once the broker stored it, while all goes well', async () => {
    const b = broker();
    const { box } = outbox(b);
    await box.publish(msg('a', 1));
    assert.deepEqual(
      b.stored.map((m) => m.id),
      ['a:1'],
    );
    assert.equal(box.stats.held, 0);
    assert.equal(box.holding, false);
  });

  it('holds what fails while the broker is away and resends it, in order per subject, with the same ids', async () => {
    const b = broker();
    const { box } = outbox(b);
    b.state.up = false;
    // resolves although nothing is stored: the first failure puts the outbox into holding
    await Promise.all([1, 2, 3].map((n) => box.publish(msg('a', n))));
    await Promise.all([1, 2].map((n) => box.publish(msg('b', n))));
    assert.equal(box.holding, true);
    assert.equal(b.stored.length, 0);
    assert.equal(box.stats.held, 5);
    b.state.up = true;
    await box.drained();
    assert.deepEqual(
      b.stored.filter((m) => m.subject === 'a').map((m) => m.id),
      ['a:1', 'a:2', 'a:3'],
    );
    assert.deepEqual(
      b.stored.filter((m) => m.subject === 'b').map((m) => m.id),
      ['b:1', 'b:2'],
    );
    // every attempt carried an id the message had from the start
    assert.ok(b.attempts.every((id) => /^[ab]:\d$/.test(id)));
    assert.ok(box.stats.resent >= 1);
    assert.equal(box.stats.sent, 5);
    assert.equal(box.holding, false);
  });

  it('sends nothing while paused and everything once resumed', async () => {
    const b = broker();
    const { box } = outbox(b);
    box.pause('disconnected');
    await box.publish(msg('a', 1));
    await box.publish(msg('a', 2));
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(b.attempts, []);
    box.resume();
    await box.drained();
    assert.deepEqual(
      b.stored.map((m) => m.id),
      ['a:1', 'a:2'],
    );
  });

  it('answers on ack again once the backlog is out, though newer sends are still in flight', async () => {
    const b = broker();
    let release: (() => void) | undefined;
    const { box } = outbox(b, {
      send: async (m) => {
        if (m.id === 'n:1') await new Promise<void>((r) => (release = r));
        await b.send(m);
      },
    });
    box.pause('disconnected');
    await box.publish(msg('a', 1));
    box.resume();
    // published after NATS came back, while the backlog is still going: answered when held
    await box.publish(msg('n', 1));
    for (let i = 0; i < 1000 && b.stored.length === 0; i++) await new Promise((r) => setImmediate(r));
    assert.deepEqual(
      b.stored.map((m) => m.id),
      ['a:1'],
    );
    assert.equal(box.holding, false);
    assert.equal(box.stats.held, 1, 'n:1 still in flight');
    await box.publish(msg('m', 1));
    assert.ok(
      b.stored.some((m) => m.id === 'm:1'),
      'resolved only once stored',
    );
    release?.();
    await box.drained();
  });

  it('never sends a later message of a subject before an earlier one is stored', async () => {
    const b = broker();
    let failures = 3;
    const { box } = outbox(b, {
      send: async (m) => {
        if (m.id === 'a:1' && failures-- > 0) {
          b.attempts.push(m.id);
          throw new Away('timeout');
        }
        await b.send(m);
      },
    });
    await Promise.all([box.publish(msg('a', 1)), box.publish(msg('a', 2)), box.publish(msg('c', 1))]);
    await box.drained();
    const a = b.attempts.filter((id) => id.startsWith('a:'));
    assert.deepEqual(a, ['a:1', 'a:1', 'a:1', 'a:1', 'a:2']);
    assert.deepEqual(b.stored.map((m) => m.id).sort(), ['a:1', 'a:2', 'c:1']);
  });

  it('drops the oldest held message when full, counts it and keeps the newest', async () => {
    const b = broker();
    const { box, drops } = outbox(b, { maxMessages: 3 });
    box.pause('disconnected');
    for (let n = 1; n <= 5; n++) await box.publish(msg('a', n));
    assert.equal(box.stats.held, 3);
    assert.equal(box.stats.droppedOverflow, 2);
    assert.deepEqual(drops, [
      ['overflow', 1],
      ['overflow', 1],
    ]);
    box.resume();
    await box.drained();
    assert.deepEqual(
      b.stored.map((m) => m.id),
      ['a:3', 'a:4', 'a:5'],
    );
  });

  it('bounds the bytes held too', async () => {
    const b = broker();
    const { box } = outbox(b, { maxBytes: 250 });
    box.pause('disconnected');
    for (let n = 1; n <= 4; n++) await box.publish(msg('a', n, 100));
    assert.equal(box.stats.held, 2);
    assert.equal(box.stats.heldBytes, 200);
    assert.equal(box.stats.droppedOverflow, 2);
  });

  it('refuses the new message instead under reject-new, and counts it', async () => {
    const b = broker();
    const { box } = outbox(b, { maxMessages: 2, policy: 'reject-new' });
    box.pause('disconnected');
    await box.publish(msg('a', 1));
    await box.publish(msg('a', 2));
    await assert.rejects(box.publish(msg('a', 3)), BusOverflowError);
    assert.equal(box.stats.droppedOverflow, 1);
    box.resume();
    await box.drained();
    assert.deepEqual(
      b.stored.map((m) => m.id),
      ['a:1', 'a:2'],
    );
  });

  it('rejects a message refused for itself without holding it or stopping its subject', async () => {
    const b = broker();
    const { box } = outbox(b);
    b.state.refuse.add('a:1');
    await assert.rejects(box.publish(msg('a', 1)), /payload too large/);
    await box.publish(msg('a', 2));
    assert.equal(box.stats.failed, 1);
    assert.deepEqual(
      b.stored.map((m) => m.id),
      ['a:2'],
    );
  });

  it('closes within its deadline while the broker is away, saying what it dropped', async () => {
    const b = broker();
    const { box, drops } = outbox(b);
    b.state.up = false;
    for (let n = 1; n <= 4; n++) await box.publish(msg('a', n));
    const t0 = Date.now();
    const result = await box.close(50);
    // bounded by the deadline, not by the outage; generous margin for a loaded machine
    assert.ok(Date.now() - t0 < 5000);
    assert.deepEqual(result, { sent: 0, dropped: 4 });
    assert.equal(box.stats.droppedOnClose, 4);
    assert.deepEqual(drops, [['close', 4]]);
    assert.equal(box.stats.held, 0);
    await assert.rejects(box.publish(msg('a', 5)), BusClosedError);
  });

  it('flushes what it holds on close when the broker is back in time', async () => {
    const b = broker();
    const { box } = outbox(b);
    box.pause('disconnected');
    for (let n = 1; n <= 3; n++) await box.publish(msg('a', n));
    setTimeout(() => box.resume(), 10);
    const result = await box.close(60_000);
    assert.deepEqual(result, { sent: 3, dropped: 0 });
    assert.equal(b.stored.length, 3);
  });
});
