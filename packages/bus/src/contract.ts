import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { describe, it, type TestContext } from 'node:test';
import { type Envelope, envelope, UnavailableError } from '@bourse/core';
import { type Bus, type BusMessage, type DeadLetter, PoisonMessageError, type Subscription } from './port.ts';

/** One adapter under test: the bus plus a way to put bytes on it that are not an envelope. */
export interface BusUnderTest {
  readonly bus: Bus;
  publishRaw(subject: string, data: Uint8Array): Promise<void>;
  /** Remove what this test left on a shared server (durables, stored messages). Runs after `bus.close()`. */
  cleanup?(): Promise<void>;
}

/**
 * Names a test may use. Everything lives under `md.tick.<runId>.` (a subject the MD_TICKS stream
 * persists) and durables start with `<runId>_`, so a run against a shared server never meets
 * another run's messages and can delete exactly what it made.
 */
export interface ContractScope {
  readonly runId: string;
  readonly durables: string[];
}

export type MakeBus = (scope: ContractScope) => Promise<BusUnderTest>;

const RETRY_MS = 50;

async function waitFor(what: string, predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Read `n` messages (those `keep` accepts) from a subscription in the background. */
function collect(
  sub: Subscription,
  n: number,
  keep: (m: BusMessage) => boolean = () => true,
): { messages: BusMessage[]; done: Promise<BusMessage[]> } {
  const messages: BusMessage[] = [];
  const done = (async () => {
    for await (const m of sub) {
      if (!keep(m)) continue;
      messages.push(m);
      if (messages.length >= n) break;
    }
    return messages;
  })();
  return { messages, done };
}

async function within<T>(what: string, p: Promise<T>, ms = 5000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** On a shared server other services' durables may see test messages too: keep only the letters of `durable`. */
const from = (durable: string) => (m: BusMessage) => (m.envelope.data as DeadLetter | undefined)?.consumer === durable;

/** The delivery contract every Bus adapter keeps; run it once per adapter. */
export function busContract(name: string, makeBus: MakeBus): void {
  describe(`bus contract: ${name}`, () => {
    const runId = `ct${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
    let n = 0;

    async function setup(t: TestContext) {
      const scope: ContractScope = { runId, durables: [] };
      const under = await makeBus(scope);
      t.after(async () => {
        await under.bus.close();
        await under.cleanup?.();
      });
      const id = ++n;
      const subject = (suffix = 'x') => `md.tick.${runId}.t${id}.${suffix}`;
      const durable = (suffix = 'd') => {
        const d = `${runId}_t${id}_${suffix}`;
        scope.durables.push(d);
        return d;
      };
      const env = (key: string, data: unknown = { n: key }): Envelope =>
        envelope({ id: `${runId}:${id}:${key}`, type: 'test', source: 'contract', key, data });
      return { ...under, subject, durable, env };
    }

    it('delivers a published envelope to a consumer, then acks it', async (t) => {
      const { bus, subject, durable, env } = await setup(t);
      const got: BusMessage[] = [];
      const c = await bus.consume(subject('>'), { durable: durable() }, async (m) => {
        got.push(m);
      });
      const sent = env('a', { price: 101.5, sizes: [1, 2, 3] });
      await bus.publish(subject('AAPL'), sent);
      await waitFor('delivery', () => got.length === 1 && c.stats.acked === 1);
      assert.equal(got[0]!.subject, subject('AAPL'));
      assert.deepEqual(got[0]!.envelope, sent);
      assert.equal(got[0]!.deliveryCount, 1);
    });

    it('gives a new durable only messages published after it was created', async (t) => {
      const { bus, subject, durable, env } = await setup(t);
      await bus.publish(subject(), env('before'));
      const got: string[] = [];
      await bus.consume(subject(), { durable: durable() }, async (m) => {
        got.push(m.envelope.key);
      });
      await bus.publish(subject(), env('after'));
      // A durable delivers in order: had the earlier message come, it would have come first.
      await waitFor('delivery', () => got.includes('after'));
      assert.deepEqual(got, ['after']);
    });

    it('returns the last message published on a persisted subject', async (t) => {
      const { bus, subject, env } = await setup(t);
      assert.equal(await bus.lastPublished(subject('empty')), undefined);
      await bus.publish(subject('s'), env('first'));
      const second = env('second');
      await bus.publish(subject('s'), second);
      await bus.publish(subject('other'), env('third'));
      assert.deepEqual(await bus.lastPublished(subject('s')), second);
    });

    it('drops a second publish of the same id', async (t) => {
      const { bus, subject, durable, env } = await setup(t);
      const got: string[] = [];
      await bus.consume(subject(), { durable: durable() }, async (m) => {
        got.push(m.envelope.id);
      });
      const a = env('a');
      await bus.publish(subject(), a);
      await bus.publish(subject(), { ...a, data: 'a republish' });
      await bus.publish(subject(), env('b'));
      // In order: a republish that got through would have come before b.
      await waitFor('the message after the republish', () => got.includes(env('b').id));
      assert.deepEqual(got, [a.id, env('b').id]);
    });

    it('shares a durable between consumers, each message handled once', async (t) => {
      const { bus, subject, durable, env } = await setup(t);
      const name = durable();
      const byA: string[] = [];
      const byB: string[] = [];
      const slow = (into: string[]) => async (m: BusMessage) => {
        await sleep(5);
        into.push(m.envelope.key);
      };
      const a = await bus.consume(subject(), { durable: name, concurrency: 1 }, slow(byA));
      const b = await bus.consume(subject(), { durable: name, concurrency: 1 }, slow(byB));
      const keys = Array.from({ length: 30 }, (_, i) => `k${i}`);
      for (const k of keys) await bus.publish(subject(), env(k));
      await waitFor('every message acked', () => a.stats.acked + b.stats.acked >= keys.length);
      // Closing lets any handler still running finish: a message handled twice would be counted by now.
      await bus.close();
      assert.deepEqual([...byA, ...byB].sort(), [...keys].sort());
      assert.equal(a.stats.acked + b.stats.acked, keys.length);
      assert.ok(byA.length > 0 && byB.length > 0, `both consumers worked (${byA.length} / ${byB.length})`);
    });

    it('redelivers a message whose handler threw, and acks only after the handler succeeds', async (t) => {
      const { bus, subject, durable, env } = await setup(t);
      const deliveries: number[] = [];
      const c = await bus.consume(subject(), { durable: durable(), retryDelayMs: RETRY_MS }, async (m) => {
        deliveries.push(m.deliveryCount);
        if (m.deliveryCount === 1) throw new Error('store unavailable');
      });
      await bus.publish(subject(), env('a'));
      await waitFor('redelivery and ack', () => c.stats.acked === 1);
      assert.deepEqual(deliveries, [1, 2]);
      assert.equal(c.stats.retried, 1);
      assert.equal(c.stats.deadLettered, 0);
    });

    it('dead-letters a message after maxDeliver failures, with the reason', async (t) => {
      const { bus, subject, durable, env } = await setup(t);
      const name = durable();
      const dlq = collect(bus.subscribe(`dlq.${subject()}`), 1, from(name));
      let calls = 0;
      const c = await bus.consume(subject(), { durable: name, maxDeliver: 3, retryDelayMs: RETRY_MS }, async () => {
        calls++;
        throw new Error('boom');
      });
      const sent = env('a');
      await bus.publish(subject(), sent);
      const [dead] = await within('dead letter', dlq.done);
      assert.equal(dead!.subject, `dlq.${subject()}`);
      assert.equal(dead!.envelope.type, 'dead-letter');
      const letter = dead!.envelope.data as DeadLetter;
      assert.equal(letter.subject, subject());
      assert.match(letter.reason, /boom/);
      assert.equal(letter.deliveries, 3);
      assert.equal(letter.consumer, name);
      assert.deepEqual(letter.original, sent);
      await waitFor('stats', () => c.stats.deadLettered === 1);
      // Not a wait for an effect but a watch for one that must not come: a fourth delivery would
      // follow within a retry delay. (What does not happen can only be watched for a while.)
      await sleep(2 * RETRY_MS);
      assert.equal(calls, 3);
      assert.equal(c.stats.retried, 2);
    });

    it('dead-letters a poison message at once', async (t) => {
      const { bus, subject, durable, env } = await setup(t);
      const name = durable();
      const dlq = collect(bus.subscribe(`dlq.${subject()}`), 1, from(name));
      let calls = 0;
      const c = await bus.consume(subject(), { durable: name, retryDelayMs: RETRY_MS }, async () => {
        calls++;
        throw new PoisonMessageError('negative price');
      });
      await bus.publish(subject(), env('a'));
      const [dead] = await within('dead letter', dlq.done);
      const letter = dead!.envelope.data as DeadLetter;
      assert.match(letter.reason, /negative price/);
      assert.equal(letter.deliveries, 1);
      // A watch for a retry that must not come (see above).
      await sleep(2 * RETRY_MS);
      assert.equal(calls, 1);
      assert.deepEqual(c.stats, { acked: 0, retried: 0, transientRetries: 0, deadLettered: 1 });
    });

    it('retries a transient failure for as long as it lasts, never counting it nor dead-lettering', async (t) => {
      const { bus, subject, durable, env } = await setup(t);
      const name = durable();
      const letters: BusMessage[] = [];
      const dlq = collect(bus.subscribe(`dlq.${subject()}`), 1, from(name));
      void dlq.done.then((m) => letters.push(...m));
      let calls = 0;
      // maxDeliver 3: twenty failures would have dead-lettered it six times over, were they counted
      const options = { durable: name, maxDeliver: 3, retryDelayMs: 2, maxRetryDelayMs: 20 };
      const c = await bus.consume(subject(), options, async (m) => {
        calls++;
        assert.equal(m.deliveryCount, calls);
        if (calls <= 20) throw new UnavailableError('PostgreSQL is restarting');
      });
      await bus.publish(subject(), env('a'));
      await waitFor('the message to go through after 20 transient failures', () => c.stats.acked === 1, 20_000);
      assert.equal(calls, 21);
      assert.deepEqual(c.stats, { acked: 1, retried: 0, transientRetries: 20, deadLettered: 0 });
      assert.equal(letters.length, 0);
    });

    it('counts only failures of the message itself towards maxDeliver', async (t) => {
      const { bus, subject, durable, env } = await setup(t);
      const name = durable();
      const dlq = collect(bus.subscribe(`dlq.${subject()}`), 1, from(name));
      let calls = 0;
      const c = await bus.consume(subject(), { durable: name, maxDeliver: 2, retryDelayMs: 5, maxRetryDelayMs: 10 }, async () => {
        calls++;
        // transient, wrong, transient, transient, wrong: the second wrong one is the second counted
        throw calls === 2 || calls === 5
          ? new Error('interval out of range')
          : Object.assign(new Error('rate limited'), { transient: true });
      });
      await bus.publish(subject(), env('a'));
      const [dead] = await within('dead letter', dlq.done, 10_000);
      const letter = dead!.envelope.data as DeadLetter;
      assert.equal(letter.kind, 'failed');
      assert.match(letter.reason, /failed 2 times, last: Error: interval out of range/);
      assert.equal(letter.deliveries, 5);
      await waitFor('stats', () => c.stats.deadLettered === 1);
      assert.deepEqual(c.stats, { acked: 0, retried: 1, transientRetries: 3, deadLettered: 1 });
    });

    it('dead-letters a poison message once and never delivers it again, past the ack wait', async (t) => {
      const { bus, subject, durable, env } = await setup(t);
      const name = durable();
      const letters: BusMessage[] = [];
      const sub = bus.subscribe(`dlq.${subject()}`);
      void (async () => {
        for await (const m of sub) if (from(name)(m)) letters.push(m);
      })();
      let calls = 0;
      const ackWaitMs = 500;
      const c = await bus.consume(subject(), { durable: name, ackWaitMs, retryDelayMs: RETRY_MS }, async () => {
        calls++;
        throw new PoisonMessageError('negative price');
      });
      await bus.publish(subject(), env('a'));
      await waitFor('the dead letter', () => letters.length === 1 && c.stats.deadLettered === 1);
      // A watch for a redelivery that must not come: a server that ignored the settlement would
      // deliver it again once the ack wait passed.
      await sleep(3 * ackWaitMs);
      sub.unsubscribe();
      assert.equal(calls, 1);
      assert.equal(letters.length, 1);
      assert.equal(c.stats.deadLettered, 1);
    });

    it('dead-letters a message whose escaped dead letter would be too large, with its size, hash and body kept', async (t) => {
      const { bus, subject, durable, env, publishRaw } = await setup(t);
      const name = durable();
      const dlq = collect(bus.subscribe(`dlq.${subject()}`), 1, from(name));
      const got: string[] = [];
      const c = await bus.consume(subject(), { durable: name }, async (m) => {
        got.push(m.envelope.key);
      });
      // 1,000,000 quote characters: every one doubles when the dead letter escapes it, past a 1 MiB payload.
      const body = new Uint8Array(1_000_000).fill('"'.charCodeAt(0));
      await publishRaw(subject(), body);
      await bus.publish(subject(), env('after'));
      const [dead] = await within('dead letter', dlq.done, 15_000);
      const letter = dead!.envelope.data as DeadLetter;
      assert.equal(letter.kind, 'malformed');
      assert.match(letter.reason, /JSON/);
      assert.equal(letter.size, 1_000_000);
      assert.equal(letter.sha256, createHash('sha256').update(body).digest('hex'));
      assert.equal(letter.truncated, true);
      assert.ok(typeof letter.original === 'string' && /^"+$/.test(letter.original) && letter.original.length <= 1024);
      assert.ok(letter.ref, 'the dead letter says where the body is');
      const stored = await bus.storedMessage(letter.ref);
      assert.ok(stored);
      assert.equal(Buffer.compare(Buffer.from(stored), Buffer.from(body)), 0);
      await waitFor('the message after it', () => got.includes('after'));
      await waitFor('stats', () => c.stats.deadLettered === 1);
    });

    it('dead-letters bytes that are not an envelope without calling the handler', async (t) => {
      const { bus, subject, durable, env, publishRaw } = await setup(t);
      const name = durable();
      const dlq = collect(bus.subscribe(`dlq.${subject()}`), 2, from(name));
      const got: string[] = [];
      const c = await bus.consume(subject(), { durable: name }, async (m) => {
        got.push(m.envelope.key);
      });
      await publishRaw(subject(), new TextEncoder().encode('{not json'));
      await publishRaw(subject(), new TextEncoder().encode('{"id":"x"}'));
      await bus.publish(subject(), env('fine'));
      const dead = await within('dead letters', dlq.done);
      const letters = dead.map((m) => m.envelope.data as DeadLetter);
      assert.match(letters[0]!.reason, /JSON/);
      assert.equal(letters[0]!.original, '{not json');
      assert.match(letters[1]!.reason, /not an envelope/);
      await waitFor('the good message', () => got.length === 1);
      assert.deepEqual(got, ['fine']);
      await waitFor('both counted', () => c.stats.deadLettered === 2);
    });

    it('fans out to every matching subscriber, with * for one token and > for the rest', async (t) => {
      const { bus, subject, env } = await setup(t);
      const star = bus.subscribe(subject('fan.*'));
      const rest = bus.subscribe(subject('>'));
      const s = collect(star, 1);
      const r = collect(rest, 2);
      await bus.publish(subject('fan.A.deep'), env('deep'));
      await bus.publish(subject('fan.A'), env('shallow'));
      const [one] = await within('star subscriber', s.done);
      const two = await within('rest subscriber', r.done);
      assert.equal(one!.envelope.key, 'shallow');
      assert.deepEqual(
        two.map((m) => m.envelope.key),
        ['deep', 'shallow'],
      );
      star.unsubscribe();
      rest.unsubscribe();
    });

    it('ends a subscription on unsubscribe', async (t) => {
      const { bus, subject, env } = await setup(t);
      const sub = bus.subscribe(subject());
      const c = collect(sub, 10);
      await bus.publish(subject(), env('a'));
      await waitFor('first message', () => c.messages.length === 1);
      sub.unsubscribe();
      const all = await within('end of iteration', c.done);
      assert.equal(all.length, 1);
    });

    it('lets in-flight handlers finish and ack on close', async (t) => {
      const { bus, subject, durable, env } = await setup(t);
      let started = 0;
      let finished = 0;
      const c = await bus.consume(subject(), { durable: durable() }, async () => {
        started++;
        await sleep(200);
        finished++;
      });
      await bus.publish(subject(), env('a'));
      await bus.publish(subject(), env('b'));
      await waitFor('handlers started', () => started === 2);
      await bus.close();
      assert.equal(finished, 2);
      assert.equal(c.stats.acked, 2);
      await assert.rejects(bus.publish(subject(), env('c')), { name: 'BusClosedError' });
    });

    it('keeps one pattern per durable, and the same name on another stream apart', async (t) => {
      const { bus, subject, durable } = await setup(t);
      const name = durable();
      await bus.consume(subject('a.>'), { durable: name }, async () => {});
      await assert.rejects(
        bus.consume(subject('b.>'), { durable: name }, async () => {}),
        { name: 'InvalidBusArgumentError' },
      );
      await bus.consume(`dlq.${subject('a.>')}`, { durable: name }, async () => {});
    });

    it('reports health', async (t) => {
      const { bus } = await setup(t);
      const h = await bus.health();
      assert.equal(h.ok, true);
    });
  });
}
