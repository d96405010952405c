import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type DataMessage, StreamClient } from '@bourse/client';
import { loadConfig } from '@bourse/core';
import { freePort } from '@bourse/core/testing';
import { type RunningProcess, startProcess } from '@bourse/kit';
import { createStreamService } from './index.ts';
import { publishTicks, tick } from './testing.ts';

async function startServer(port: number): Promise<RunningProcess<'bus' | 'store' | 'cache'>> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: String(port), HOST: '127.0.0.1' });
  return startProcess({
    config: { ...config, database: { kind: 'pglite', dir: 'memory://' } },
    modules: [createStreamService({ heartbeatMs: 1000, closeGraceMs: 500 })],
  });
}

describe('the stream client', { timeout: 60_000 }, () => {
  // One server for the steps: they run in order, the second on the server the first restarted.
  it('follows a server that stops and restarts, and drops rooms the server refuses', async (t) => {
    const port = await freePort();
    let server = await startServer(port);
    t.after(() => server.stop());

    await t.test('reconnects with backoff, resubscribes its rooms and drops what it already has', async (t) => {
      const client = new StreamClient({
        url: `ws://127.0.0.1:${port}/ws`,
        rooms: ['quotes:AAPL'],
        backoff: { initialMs: 100, maxMs: 400 },
      });
      t.after(() => client.close());
      const received: DataMessage[] = [];
      client.on('data', (m) => received.push(m));
      const iterated: number[] = [];
      const iterating = (async () => {
        for await (const m of client.messages(['quotes:AAPL'])) if (!m.snapshot) iterated.push(m.seq);
      })();

      // The first snapshot: nothing is known about AAPL yet.
      const first = await client.once('data');
      assert.deepEqual([first.room, first.snapshot, first.seq, first.data], ['quotes:AAPL', true, 0, null]);
      for (const seq of [1, 2, 3]) await publishTicks(server.ctx.bus, 'AAPL', [tick(seq)]);
      await client.once('data', (m) => m.seq === 3);

      const closed = client.once('close');
      await server.stop();
      const close = await closed;
      assert.equal(close.code, 1001, 'the server says it is going away');
      assert.ok(close.reconnectInMs !== undefined && close.reconnectInMs <= 200);
      const refused = await client.once('close'); // the first attempt finds no server: the backoff grows
      assert.ok(refused.reconnectInMs !== undefined && refused.reconnectInMs >= 160, `next attempt in ${refused.reconnectInMs} ms`);
      const reopened = client.once('open');
      const resubscribed = client.once('subscribed');
      server = await startServer(port);
      await reopened;
      assert.deepEqual((await resubscribed).rooms, ['quotes:AAPL']);
      assert.ok(client.stats.reconnects >= 1);

      // The new server replays the last batch (as a redelivery would), then moves on.
      await publishTicks(server.ctx.bus, 'AAPL', [tick(3)]);
      await publishTicks(server.ctx.bus, 'AAPL', [tick(4)]);
      await client.once('data', (m) => m.seq === 4);
      assert.deepEqual(
        received.filter((m) => !m.snapshot).map((m) => m.seq),
        [1, 2, 3, 4],
      );
      assert.ok(client.stats.duplicates >= 1, 'the replayed batch was dropped');
      client.close();
      await iterating;
      assert.deepEqual(iterated, [1, 2, 3, 4], 'the async iterator saw the same');
    });

    await t.test('drops rooms the server refuses and reports the error', async (t) => {
      const c = new StreamClient({ url: `ws://127.0.0.1:${port}/ws` });
      t.after(() => c.close());
      await c.once('open');
      const error = c.once('error');
      const subscribed = c.once('subscribed');
      c.subscribe('quotes:NOPE', 'quotes:MSFT');
      assert.deepEqual(await error, { type: 'error', code: 'unknown_symbol', message: 'unknown symbol NOPE', room: 'quotes:NOPE' });
      assert.deepEqual((await subscribed).rooms, ['quotes:MSFT']);
      assert.deepEqual(c.subscriptions, ['quotes:MSFT']);
    });
  });
});
