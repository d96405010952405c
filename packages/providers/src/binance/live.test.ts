import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { Tick } from '@bourse/core';
import { WebSocketServer, type WebSocket } from 'ws';
import { symbolResolver } from '../symbols.ts';
import { fixture, fixtureServer } from '../testing/fixture-server.ts';
import { testHttp } from '../testing/transport.ts';
import { BinanceLive, type LiveEvent } from './live.ts';
import { binanceErrorText, binanceSymbolRule, createBinanceRest } from './rest.ts';

const file = (path: string) => fixture(import.meta.url, `./fixtures/${path}`);

async function until(what: string, done: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!done()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

describe('binance live trade stream', () => {
  let wss: WebSocketServer;
  let wsUrl: string;
  let rest: Awaited<ReturnType<typeof fixtureServer>>;
  const connections: { socket: WebSocket; path: string; received: unknown[]; pongs: number }[] = [];
  let onConnection: (c: (typeof connections)[number], index: number) => void = () => {};

  before(async () => {
    wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => wss.on('listening', () => resolve()));
    wsUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
    wss.on('connection', (socket, request) => {
      const c = { socket, path: request.url ?? '', received: [] as unknown[], pongs: 0 };
      connections.push(c);
      socket.on('message', (data) => c.received.push(JSON.parse(data.toString())));
      socket.on('pong', () => {
        c.pongs += 1;
      });
      onConnection(c, connections.length - 1);
    });
    rest = await fixtureServer(() => ({ body: file('ok/historical-trades-btcusdt.json') }));
  });
  after(async () => {
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    await rest.close();
  });

  const live = (ticks: Tick[], events: LiveEvent[], extra: { maxConnectionMs?: number } = {}) =>
    new BinanceLive({
      wsUrl,
      symbols: ['BTC-USD', 'ETH-USD'],
      resolve: symbolResolver('binance', {}, binanceSymbolRule),
      rest: createBinanceRest({
        http: testHttp('binance', rest.url, { errorText: binanceErrorText }),
        symbols: symbolResolver('binance', {}, binanceSymbolRule),
      }),
      onTick: (t) => ticks.push(t),
      onEvent: (e) => events.push(e),
      reconnectInitialMs: 10,
      reconnectMaxMs: 50,
      ...extra,
    });

  it('answers pings, subscribes, and after a close mid-stream reconnects, resubscribes and backfills the gap from REST', async () => {
    connections.length = 0;
    const ticks: Tick[] = [];
    const events: LiveEvent[] = [];
    onConnection = (c, index) => {
      c.socket.ping();
      const lines =
        index === 0
          ? (JSON.parse(file('ok/trade-stream-before-close.json')) as unknown[])
          : (JSON.parse(file('ok/trade-stream-after-reconnect.json')) as unknown[]);
      for (const line of lines) c.socket.send(JSON.stringify(line));
    };
    const source = live(ticks, events);
    source.start();
    try {
      // Once the first connection has subscribed, answered the ping and delivered its trades, it drops
      // without a closing handshake, as a network failure does.
      await until(
        'the first connection to be used',
        () => ticks.length >= 2 && connections[0]!.received.length > 0 && connections[0]!.pongs > 0,
      );
      connections[0]!.socket.terminate();
      await until('six ticks', () => ticks.length >= 6);
      await until('both subscriptions', () => connections.every((c) => c.received.length > 0 && c.pongs > 0));
    } finally {
      await source.stop();
    }

    assert.equal(connections.length, 2);
    for (const c of connections) {
      assert.equal(c.path, '/ws/btcusdt@trade');
      assert.deepEqual((c.received[0] as { method: string; params: string[] }).params, [
        'btcusdt@bookTicker',
        'ethusdt@trade',
        'ethusdt@bookTicker',
      ]);
      assert.equal(c.pongs, 1);
    }
    assert.deepEqual(
      ticks.map((t) => t.seq - 3470000000),
      [100, 101, 102, 103, 104, 105],
    );
    assert.deepEqual(ticks[0], {
      symbol: 'BTC-USD',
      ts: 1709287200000 - 21,
      seq: 3470000100,
      price: 62401,
      size: 0.01,
      bid: 62400.99,
      ask: 62401.01,
    });
    assert.deepEqual(ticks[2], {
      symbol: 'BTC-USD',
      ts: 1709287200000,
      seq: 3470000102,
      price: 62401.01,
      size: 0.0012,
      bid: 62400.99,
      ask: 62401.01,
    });
    assert.equal(new URL(rest.seen.at(-1)!.url.toString()).searchParams.get('fromId'), '3470000102');
    assert.ok(events.some((e) => e.type === 'backfill' && e.fromSeq === 3470000102 && e.toSeq === 3470000104 && e.filled === 3));
    assert.ok(events.some((e) => e.type === 'close' && e.reconnectInMs <= 50));
  });

  it('opens a new connection before the 24-hour limit, and skips a message it cannot read', async () => {
    connections.length = 0;
    const ticks: Tick[] = [];
    const events: LiveEvent[] = [];
    onConnection = (c, index) => {
      if (index === 0) c.socket.send('{"e":"trade","s":"BTCUSDT","t":"not a number"}');
    };
    const source = live(ticks, events, { maxConnectionMs: 40 });
    source.start();
    try {
      await until(
        'a rotation and the unreadable message reported',
        () => connections.length >= 2 && events.some((e) => e.type === 'error'),
      );
    } finally {
      await source.stop();
    }
    assert.ok(events.some((e) => e.type === 'rotate'));
    assert.ok(events.some((e) => e.type === 'error' && /binance: stream: field /.test(e.error.message)));
  });
});
