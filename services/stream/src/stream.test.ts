import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { type Bar, envelope, loadConfig, STREAM_STATUS, type StatusReport, ServerFrame, subjects } from '@bourse/core';
import { Compile } from 'typebox/compile';
import { type RunningProcess, startProcess } from '@bourse/kit';
import { createStreamService } from './index.ts';
import { type Frame, publishTicks, RawClient, tick } from './testing.ts';

const LIMITS = {
  maxRooms: 4,
  messagesPerSecond: 50,
  burst: 20,
  maxRateViolations: 10,
  heartbeatMs: 2000,
  maxQueuedFrames: 100,
  socketHighWaterBytes: 64 * 1024,
  summaryEveryMs: 100,
  statusEveryMs: 300,
  closeGraceMs: 3000,
};

const isData = (room: string) => (f: Frame) => f.room === room;
const isHeartbeat = (f: Frame) => f.type === 'heartbeat';
const checkServerFrame = Compile(ServerFrame);
/** Whether a frame received matches one of the server frame schemas of `@bourse/core`. */
const isServerFrame = (f: Frame): boolean => checkServerFrame.Check(f);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A stream server of its own for a group of tests, with clients that each test closes when it ends. */
function streamServer(limits: typeof LIMITS) {
  const server = {
    running: undefined as unknown as RunningProcess<'bus' | 'store' | 'cache'>,
    ws: '',
    http: '',
    clients: [] as RawClient[],
    async connect() {
      const c = await RawClient.connect(server.ws);
      server.clients.push(c);
      await c.next((f) => f.type === 'welcome');
      return c;
    },
    get: async (path: string) => (await fetch(`${server.http}${path}`)).json() as Promise<Record<string, unknown>>,
  };
  before(async () => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', BOURSE_INSTANCE_ID: 'stream-test' });
    server.running = await startProcess({
      config: { ...config, database: { kind: 'pglite', dir: 'memory://' } },
      modules: [createStreamService(limits)],
    });
    server.http = server.running.url!;
    server.ws = `${server.http.replace(/^http/, 'ws')}/ws`;
  });
  // Each test starts on a server with no connection, room or peer left from another.
  beforeEach(
    async () => {
      for (;;) {
        const status = (await server.get('/api/v1/stream/status')) as {
          totals: { instances: number };
          instances: { connections: number; busSubscriptions: number }[];
        };
        const self = status.instances[0]!;
        if (status.totals.instances === 1 && self.connections === 0 && self.busSubscriptions === 0) return;
        await sleep(50);
      }
    },
    { timeout: 15_000 },
  );
  afterEach(() => {
    for (const c of server.clients.splice(0)) c.close();
  });
  after(async () => {
    await server.running.stop();
  });
  return server;
}

describe('stream service over WebSocket (in-process, memory bus)', { timeout: 60_000 }, () => {
  const server = streamServer(LIMITS);
  const connect = () => server.connect();
  const get = (path: string) => server.get(path);
  const running = () => server.running;

  it('greets with the server time and the limits', async () => {
    const before = Date.now();
    const c = await RawClient.connect(server.ws);
    server.clients.push(c);
    const welcome = await c.next();
    assert.equal(welcome.type, 'welcome');
    assert.ok(isServerFrame(welcome), JSON.stringify(welcome));
    const serverTime = welcome.serverTime as number;
    assert.ok(serverTime >= before && serverTime <= Date.now(), 'the server time is the time of the greeting');
    assert.deepEqual(welcome.limits, {
      maxRooms: 4,
      messagesPerSecond: 50,
      burst: 20,
      maxRateViolations: 10,
      maxMessageBytes: 16 * 1024,
      heartbeatMs: 2000,
      maxQueuedFrames: 100,
      maxQueuedBytes: 4 * 1024 * 1024,
    });
    assert.ok((welcome.rooms as string[]).includes('quotes:<symbol>'));
  });

  it('acks a subscription, sends the snapshot first and then updates with increasing seq', async () => {
    const c = await connect();
    const { bus, store } = running().ctx;
    await store.ticks.ingest([{ symbol: 'MSFT', ...tick(7, { price: 410.5 }) }]);
    c.send({ op: 'subscribe', rooms: ['quotes:MSFT', 'ticks:MSFT'], id: 'sub-1' });
    const ack = await c.next((f) => f.type === 'subscribed');
    assert.deepEqual(ack, { type: 'subscribed', rooms: ['quotes:MSFT', 'ticks:MSFT'], id: 'sub-1' });
    assert.ok(isServerFrame(ack));
    const snap = await c.next(isData('quotes:MSFT'));
    assert.equal(snap.snapshot, true);
    assert.equal(snap.type, 'quote');
    assert.equal(snap.seq, 7);
    assert.equal((snap.data as { last: number }).last, 410.5);

    await publishTicks(bus, 'MSFT', [tick(5)]); // older than the snapshot: dropped
    await publishTicks(bus, 'MSFT', [tick(8), tick(9, { price: 411 })]);
    await publishTicks(bus, 'MSFT', [tick(10, { price: 412 })]);
    const u1 = await c.next((f) => f.room === 'quotes:MSFT' && !f.snapshot);
    const u2 = await c.next(isData('quotes:MSFT'));
    assert.deepEqual([u1.seq, u2.seq], [9, 10]);
    assert.equal((u1.data as { last: number }).last, 411);
    for (const f of [snap, u1, u2]) assert.ok(isServerFrame(f), JSON.stringify(f));
    const ticks = c.of('ticks:MSFT');
    assert.equal(ticks[0]!.snapshot, true);
    assert.deepEqual(
      ticks.map((f) => f.seq),
      [7, 9, 10],
    );
    assert.equal((ticks[1]!.data as unknown[]).length, 2);

    const status = await get('/api/v1/stream/status');
    const self = (status.instances as { instanceId: string; busSubscriptions: number }[])[0]!;
    assert.equal(self.instanceId, 'stream-test');
    assert.equal(self.busSubscriptions, 1, 'ticks and quotes of one symbol share one bus subscription');
    const subs = (await get('/api/v1/stream/subscriptions')).rooms as Record<string, number>;
    assert.equal(subs['quotes:MSFT'], 1);

    c.send({ op: 'unsubscribe', rooms: ['quotes:MSFT', 'ticks:MSFT'], id: 2 });
    assert.deepEqual(await c.next((f) => f.type === 'unsubscribed'), { type: 'unsubscribed', rooms: ['quotes:MSFT', 'ticks:MSFT'], id: 2 });
    await publishTicks(bus, 'MSFT', [tick(11)]);
    c.send({ op: 'ping', id: 'p' });
    await c.next((f) => f.type === 'pong');
    assert.equal(c.of('quotes:MSFT').length, 3, 'nothing after unsubscribing');
    const after = await get('/api/v1/stream/status');
    assert.equal(
      (after.instances as { busSubscriptions: number }[])[0]!.busSubscriptions,
      0,
      'the bus subscription is dropped with the last member',
    );
  });

  it('streams bars with the open bar as the snapshot, and a market summary in general', async () => {
    const c = await connect();
    const { bus } = running().ctx;
    const start = Date.now() - (Date.now() % 60_000);
    const bar: Bar = {
      symbol: 'NVDA',
      interval: '1m',
      start,
      open: 1,
      high: 2,
      low: 1,
      close: 2,
      volume: 3,
      trades: 2,
      vwap: 1.5,
      final: false,
    };
    c.send({ op: 'subscribe', rooms: ['bars:1m:NVDA', 'general'] });
    await c.next((f) => f.type === 'subscribed');
    const empty = await c.next(isData('bars:1m:NVDA'));
    assert.deepEqual([empty.snapshot, empty.seq, empty.data], [true, 0, null]);
    // A bar the stream cannot route (no start) is skipped; the next one goes out.
    const unroutable = { symbol: 'NVDA', interval: '1m', close: 2 };
    await bus.publish(subjects.bar('1m', 'NVDA'), envelope({ id: 'bar-0', type: 'bar', source: 'test', key: 'NVDA', data: unroutable }));
    await bus.publish(subjects.bar('1m', 'NVDA'), envelope({ id: 'bar-1', type: 'bar', source: 'test', key: 'NVDA', data: bar }));
    const update = await c.next(isData('bars:1m:NVDA'));
    assert.deepEqual(update.data, bar);

    // A second member joins later: its snapshot is the open bar this instance has seen.
    const d = await connect();
    d.send({ op: 'subscribe', rooms: ['bars:1m:NVDA'] });
    const snap = await d.next(isData('bars:1m:NVDA'));
    assert.deepEqual([snap.snapshot, snap.seq, snap.data], [true, update.seq, bar]);

    // Option chains: the snapshot is the latest chain the bus holds.
    const chain = {
      underlying: 'SPX',
      ts: Date.now(),
      spot: 5000,
      rate: 0.04,
      dividendYield: 0.01,
      multiplier: 100,
      currency: 'USD',
      expiries: [],
    };
    await bus.publish(subjects.chain('SPX'), envelope({ id: 'chain-1', type: 'option.chain', source: 'test', key: 'SPX', data: chain }));
    d.send({ op: 'subscribe', rooms: ['chain:SPX'] });
    const chainSnap = await d.next(isData('chain:SPX'));
    assert.deepEqual([chainSnap.snapshot, chainSnap.type, chainSnap.data], [true, 'option.chain', chain]);

    await publishTicks(bus, 'AMD', [tick(1, { price: 100 }), tick(2, { price: 110 })]);
    await publishTicks(bus, 'INTC', [tick(1, { price: 50 }), tick(2, { price: 45 })]);
    const summary = await c.next((f) => f.room === 'general' && !f.snapshot && (f.data as { symbols: number }).symbols >= 2);
    const data = summary.data as { gainers: { symbol: string; changePct: number }[]; losers: { symbol: string }[]; advancers: number };
    assert.equal(summary.type, 'summary');
    assert.equal(data.gainers[0]!.symbol, 'AMD');
    assert.equal(data.gainers[0]!.changePct, 10);
    assert.equal(data.losers[0]!.symbol, 'INTC');
  });

  it('answers bad input with error frames and keeps the connection', async () => {
    const c = await connect();
    const error = async (send: unknown, code: string) => {
      c.send(send);
      const f = await c.next((x) => x.type === 'error');
      assert.equal(f.code, code, JSON.stringify(f));
      assert.ok(isServerFrame(f), JSON.stringify(f));
      return f;
    };
    await error('{not json', 'bad_json');
    await error([1, 2], 'bad_request');
    await error({ op: 'dance', id: 3 }, 'unknown_op');
    await error({ op: 'subscribe', rooms: 'AAPL' }, 'bad_request');
    const unknownRoom = await error({ op: 'subscribe', rooms: ['weather:PARIS'], id: 'x' }, 'unknown_room');
    assert.equal(unknownRoom.id, 'x');
    assert.equal(unknownRoom.room, 'weather:PARIS');
    const chain = await error({ op: 'subscribe', rooms: ['alerts'] }, 'unknown_room');
    assert.match(chain.message as string, /not streamed yet/);
    await error({ op: 'subscribe', rooms: ['quotes:NOPE'] }, 'unknown_symbol');
    await error({ op: 'subscribe', rooms: ['bars:2m:AAPL'] }, 'unknown_room');
    await error({ op: 'subscribe', rooms: ['quotes:a b'] }, 'unknown_symbol');
    // Names of Object.prototype's members are no room kinds (the kinds are looked up in a Map).
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty:AAPL', 'constructor:AAPL', '__proto__:1m:AAPL']) {
      const refused = await error({ op: 'subscribe', rooms: [name] }, 'unknown_room');
      assert.equal(refused.room, name);
    }

    c.send({ op: 'subscribe', rooms: ['quotes:AAPL', 'quotes:TSLA', 'quotes:AMZN', 'quotes:META', 'quotes:GOOGL'], id: 9 });
    const tooMany = await c.next((f) => f.type === 'error');
    assert.deepEqual([tooMany.code, tooMany.room], ['too_many_rooms', 'quotes:GOOGL']);
    const ack = await c.next((f) => f.type === 'subscribed');
    assert.deepEqual(ack.rooms, ['quotes:AAPL', 'quotes:TSLA', 'quotes:AMZN', 'quotes:META']);

    c.send({ op: 'ping', id: 1 });
    assert.equal((await c.next((f) => f.type === 'pong')).id, 1);
    assert.equal(c.ws.readyState, c.ws.OPEN);
  });

  it('rate-limits a client that sends too much, then closes it with 1008', async () => {
    const c = await connect();
    // Far past the burst: even if the server took seconds to read them, refills could not keep up.
    for (let i = 0; i < 200; i++) c.send({ op: 'ping' });
    const limited = await c.next((f) => f.type === 'error');
    assert.equal(limited.code, 'rate_limited');
    const closed = await c.closed;
    assert.equal(closed.code, 1008);
    assert.match(closed.reason, /rate limit/);
  });

  it('sends heartbeats, answers ping with pong and cuts a client that stops answering pings', async () => {
    const c = await connect();
    await c.next(isHeartbeat, 3 * LIMITS.heartbeatMs);
    c.send({ op: 'ping' });
    assert.equal(typeof (await c.next((f) => f.type === 'pong')).serverTime, 'number');

    const dead = await connect();
    dead.socket!.pause(); // reads nothing, so answers no ping
    // Counted in heartbeats, not seconds: one to ping it, the next to find it has not answered (and one of slack).
    const heartbeats = () => c.frames.filter(isHeartbeat).length;
    const paused = heartbeats();
    const deadCloses = async () =>
      ((await get('/api/v1/stream/status')).instances as { closes: Record<string, number> }[])[0]!.closes.dead ?? 0;
    while ((await deadCloses()) === 0) {
      assert.ok(heartbeats() - paused <= 3, 'the dead client was not cut');
      await sleep(50);
    }
    dead.socket!.resume();
    await dead.closed;
  });

  it('reports its connections and subscriptions', async () => {
    const c = await connect();
    c.send({ op: 'subscribe', rooms: ['quotes:SPY'] });
    await c.next(isData('quotes:SPY'));
    const conns = await get('/api/v1/stream/connections');
    assert.equal(conns.total, 1, "only this test's client is connected");
    assert.ok((conns.connections as { instanceId: string }[]).every((x) => x.instanceId === 'stream-test'));
    const subs = await get('/api/v1/stream/subscriptions');
    assert.equal((subs.rooms as Record<string, number>)['quotes:SPY'], 1);
    const status = await get('/api/v1/stream/status');
    assert.equal((status.totals as { instances: number }).instances, 1);
    const metrics = await (await fetch(`${server.http}/metrics`)).text();
    for (const name of [
      'bourse_stream_connections',
      'bourse_stream_subscriptions',
      'bourse_stream_messages_out_total',
      'bourse_stream_closes_total',
    ]) {
      assert.match(metrics, new RegExp(`^${name}`, 'm'), name);
    }
  });
  it('counts the other instances from their status reports and skips a report it cannot read', async () => {
    const { bus } = running().ctx;
    const own = (await get('/api/v1/stream/status')) as { instances: { limits?: unknown }[] };
    const peer = (instanceId: string): StatusReport => ({
      status: {
        instanceId,
        startedAt: Date.now(),
        uptimeSeconds: 1,
        connections: 2,
        rooms: 1,
        subscriptions: 3,
        busSubscriptions: 1,
        messagesInPerSecond: 4,
        messagesOutPerSecond: 5,
        bytesOutPerSecond: 6,
        conflated: 0,
        closes: {},
        limits: { ...LIMITS, maxMessageBytes: 16 * 1024, maxQueuedBytes: 4 * 1024 * 1024 },
      },
      rooms: { 'quotes:AAPL': 3 },
      connections: [],
    });
    const unreadable = { ...peer('peer-bad'), connections: 'many' };
    let n = 0;
    const publish = async (instanceId: string, data: unknown) =>
      bus.publish(
        subjects.streamStatus(instanceId),
        envelope({ id: `${STREAM_STATUS}:${instanceId}:${++n}`, type: STREAM_STATUS, source: 'test', key: instanceId, data }),
      );
    assert.equal(own.instances[0]!.limits, undefined, 'the limits are in the welcome frame, not the status endpoint');
    // A peer republishes its report every period; so does this test, until the instance has heard it.
    let status: { totals: { instances: number; connections: number }; instances: { instanceId: string }[] };
    do {
      await publish('peer-bad', unreadable);
      await publish('peer-1', peer('peer-1'));
      await sleep(50);
      status = (await get('/api/v1/stream/status')) as typeof status;
    } while (status.totals.instances < 2);
    assert.deepEqual(status.instances.map((i) => i.instanceId).sort(), ['peer-1', 'stream-test']);
    assert.equal(status.totals.connections, 2);
    const subs = (await get('/api/v1/stream/subscriptions')).rooms as Record<string, number>;
    assert.equal(subs['quotes:AAPL'], 3);
  });
});

const SLOW = { ...LIMITS, heartbeatMs: 60_000, closeGraceMs: 300 };

describe('stream service with a slow client', { timeout: 60_000 }, () => {
  // The heartbeat is long here: the client paused on purpose must be cut for its queue, never taken for a dead one.
  const slow = streamServer(SLOW);

  it('conflates quotes for a slow client, then closes it with 1013 when its queue overflows', async () => {
    const { bus } = slow.running.ctx;
    const c = await slow.connect();
    const id = c.frames[0]!.connectionId;
    c.send({ op: 'subscribe', rooms: ['ticks:BTC-USD', 'quotes:ETH-USD'] });
    await c.next((f) => f.type === 'subscribed');
    while (c.frames.filter((f) => f.snapshot === true).length < 2) await c.next();
    c.socket!.pause();
    const queued = async () => {
      const r = await slow.get('/api/v1/stream/connections?limit=1000');
      return (r.connections as { id: string; queued: number; conflated: number }[]).find((x) => x.id === id);
    };
    // Fill the socket with big tick batches until frames wait in the connection's own queue.
    const big = (seq: number) => Array.from({ length: 300 }, (_, i) => tick(seq * 1000 + i));
    let seq = 1;
    while (((await queued())?.queued ?? 0) === 0) {
      for (let i = 0; i < 10; i++) await publishTicks(bus, 'BTC-USD', big(seq++));
      assert.ok(seq < 2000, 'the socket never filled');
    }
    // 200 quotes while the client is behind: they replace each other in its queue.
    for (let i = 1; i <= 200; i++) await publishTicks(bus, 'ETH-USD', [tick(i, { price: 3000 + i })]);
    const behind = await queued();
    assert.ok(behind!.conflated >= 199, `conflated ${behind!.conflated}`);
    assert.ok(behind!.queued < SLOW.maxQueuedFrames);

    // Now the tick batches (which never conflate) overflow the queue: 1013.
    for (let i = 0; i < SLOW.maxQueuedFrames + 10 && c.ws.readyState === c.ws.OPEN; i++) await publishTicks(bus, 'BTC-USD', big(seq++));
    // The client stays paused well past the close grace: the 1013 must still reach it when it reads again.
    const closes = async () =>
      (await (await fetch(`${slow.http}/metrics`)).text()).match(/bourse_stream_closes_total\{reason="overflow"[^}]*\} 1/);
    while (!(await closes())) await sleep(50);
    await sleep(SLOW.closeGraceMs * 4);
    c.socket!.resume();
    const closed = await c.closed;
    assert.equal(closed.code, 1013);
    assert.match(closed.reason, /too slowly/);
    const quotes = c.of('quotes:ETH-USD').filter((f) => !f.snapshot);
    assert.ok(quotes.length <= 2, `quote frames delivered to the slow client: ${quotes.length}`);
    const metrics = await (await fetch(`${slow.http}/metrics`)).text();
    assert.match(metrics, /bourse_stream_closes_total\{reason="overflow"[^}]*\} 1/);
  });
});
