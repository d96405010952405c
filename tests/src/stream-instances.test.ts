import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { type Bus, createBus } from '@bourse/bus';
import { testServerUrl } from '@bourse/core/testing';
import { bourse, type Proc, startService, stopProc } from './testing/processes.ts';
import { eventually, scratchDatabase } from './testing/servers.ts';
import { type Frame, publishTicks, RawClient, tick } from '@bourse/svc-stream/testing';

/**
 * Two stream processes (`bourse start stream`) against NATS, PostgreSQL and Redis, and a
 * gateway proxying /ws to one of them: clients on both instances get the same data.
 */
const pgUrl = testServerUrl('postgres');
const natsUrl = testServerUrl('nats');
const redisUrl = testServerUrl('redis');
const skip = pgUrl && natsUrl && redisUrl ? false : 'needs BOURSE_TEST_DATABASE_URL, BOURSE_TEST_NATS_URL and BOURSE_TEST_REDIS_URL';
const json = async (url: string) => (await fetch(url)).json() as Promise<Record<string, unknown>>;
const updates = (c: RawClient, room: string) => c.of(room).filter((f) => !f.snapshot);

describe('stream instances fanned out through NATS', { skip, timeout: 120_000 }, () => {
  const procs: Proc[] = [];
  const clients: RawClient[] = [];
  let bus: Bus;
  let dropDb: (() => Promise<void>) | undefined;
  let env: Record<string, string>;

  before(async () => {
    const db = await scratchDatabase(pgUrl!);
    dropDb = db.drop;
    // The gateway is polled until both instances follow; its limit's counters would live in the
    // shared Redis (one budget for 127.0.0.1 across runs): no rate limit here.
    env = { BOURSE_BUS: natsUrl!, BOURSE_DATABASE_URL: db.url, BOURSE_CACHE_URL: redisUrl!, BOURSE_RATE_LIMIT_ENABLED: 'false' };
    const migrate = bourse(['migrate', 'up'], env);
    const [code] = (await once(migrate, 'exit')) as [number];
    assert.equal(code, 0, 'bourse migrate up');
    bus = await createBus({ kind: 'nats', servers: [natsUrl!] }, { name: 'stream-instances-test' });
  });

  after(async () => {
    for (const c of clients) c.close();
    for (const p of procs.reverse()) await stopProc(p).catch(() => undefined);
    await bus?.close();
    await dropDb?.();
  });

  it('delivers the same data to clients on both instances, and aggregates their status', async () => {
    const [a, b] = await Promise.all([startService('stream-a', 'stream', env), startService('stream-b', 'stream', env)]);
    procs.push(a!, b!);
    const gateway = await startService('gateway', 'gateway', { ...env, BOURSE_STREAM_URL: a!.url });
    procs.push(gateway);

    // One client through the gateway (proxied to instance a), one straight to instance b.
    const ca = await RawClient.connect(`${gateway.url.replace(/^http/, 'ws')}/ws`);
    const cb = await RawClient.connect(`${b!.url.replace(/^http/, 'ws')}/ws`);
    clients.push(ca, cb);
    assert.equal((await ca.next((f) => f.type === 'welcome')).instanceId, 'stream-a');
    assert.equal((await cb.next((f) => f.type === 'welcome')).instanceId, 'stream-b');
    const rooms = ['quotes:AAPL', 'ticks:BRK.B'];
    for (const c of [ca, cb]) c.send({ op: 'subscribe', rooms });
    for (const c of [ca, cb]) await c.next((f) => f.type === 'subscribed');

    // Publish until both instances' bus subscriptions are live, then a known run. The seqs start
    // above anything a shared cache may hold from other runs (older seqs are dropped as stale).
    let seq = Date.now();
    await eventually(
      'both instances to follow the bus',
      async () => {
        seq += 2;
        await publishTicks(bus, 'AAPL', [tick(seq)]);
        await publishTicks(bus, 'BRK.B', [tick(seq), tick(seq + 1)]);
        return updates(ca, 'quotes:AAPL').length > 0 && updates(cb, 'quotes:AAPL').length > 0 && updates(cb, 'ticks:BRK.B').length > 0;
      },
      20_000,
    ).catch((err) => {
      throw new Error(
        `${err.message}\na: ${JSON.stringify(ca.frames.slice(-4))}\nb: ${JSON.stringify(cb.frames.slice(-4))}\n${a!.output.join('')}`,
      );
    });
    seq++; // past the last BRK.B tick above
    const from = seq + 1;
    for (let i = 0; i < 20; i++) {
      seq++;
      // a price of its own per tick, within the tick schema's bound (seq is near Date.now(), ~1.8e12)
      await publishTicks(bus, 'AAPL', [tick(seq, { price: 200 + i })]);
      await publishTicks(bus, 'BRK.B', [tick(seq, { price: 400 + i })]);
    }
    const last = seq;
    for (const c of [ca, cb]) {
      await c.next((f) => f.room === 'quotes:AAPL' && f.seq === last, 10_000);
    }
    const run = (c: RawClient, room: string) =>
      updates(c, room)
        .filter((f: Frame) => (f.seq as number) >= from)
        .map((f) => ({ seq: f.seq, data: f.data }));
    for (const room of rooms) {
      await eventually(`${room} on both`, async () => run(ca, room).length === 20 && run(cb, room).length === 20, 10_000);
      assert.deepEqual(run(ca, room), run(cb, room), `${room}: the same frames on both instances`);
    }
    assert.equal((run(cb, 'ticks:BRK.B')[0]!.data as { symbol: string }[])[0]!.symbol, 'BRK.B');

    // Each instance reports what it has; either one answers for both.
    const status = await eventually(
      'the status of both instances',
      async () => {
        const s = await json(`${b!.url}/api/v1/stream/status`);
        const totals = s.totals as { instances: number; connections: number };
        return totals.instances === 2 && totals.connections === 2 ? s : undefined;
      },
      10_000,
    );
    assert.deepEqual((status.instances as { instanceId: string }[]).map((i) => i.instanceId).sort(), ['stream-a', 'stream-b']);
    // Through the gateway (instance a), with b's part heard on the bus.
    await eventually(
      'subscriptions of both instances',
      async () => ((await json(`${gateway.url}/api/v1/stream/subscriptions`)).rooms as Record<string, number>)['quotes:AAPL'] === 2,
      10_000,
    );

    // The last member leaving drops the instance's bus subscriptions.
    cb.send({ op: 'unsubscribe', rooms });
    await cb.next((f) => f.type === 'unsubscribed');
    const own = await json(`${b!.url}/api/v1/stream/status`);
    const self = (own.instances as { instanceId: string; busSubscriptions: number }[]).find((i) => i.instanceId === 'stream-b')!;
    assert.equal(self.busSubscriptions, 0);
  });

  it('stops cleanly on SIGTERM, closing its clients with 1001', async () => {
    const cb = clients[1]!;
    const closed = cb.closed;
    for (const p of procs) assert.equal(await stopProc(p), 0, p.output.join(''));
    procs.length = 0;
    assert.equal((await closed).code, 1001);
  });
});
