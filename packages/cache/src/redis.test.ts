import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket, connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { UnavailableError } from '@bourse/core';
import { freePort, testServerUrl } from '@bourse/core/testing';
import { cacheContract } from './contract.ts';
import { createCache } from './index.ts';
import { RedisCache } from './redis.ts';

const url = testServerUrl('redis');
// Every key of this run lives under its own prefix, so parallel runs do not meet and cleanup is exact.
const runPrefix = `bourse-test:${randomUUID()}:`;
let caches = 0;

// Needs no server: what the adapter does when nothing answers at its address.
describe('RedisCache with nothing listening', () => {
  it('fails with UnavailableError instead of hanging, and reports itself unhealthy', async () => {
    const cache = new RedisCache(`redis://127.0.0.1:${await freePort()}`, { connectTimeoutMs: 500 });
    try {
      await assert.rejects(cache.get('k'), UnavailableError);
      assert.equal((await cache.health()).ok, false);
    } finally {
      await cache.close();
    }
  });
});

if (url !== undefined) {
  const redisUrl = url;

  describe('RedisCache against a server', () => {
    before(async () => {
      // Fail, not hang, when the configured server is down.
      const probe = new RedisCache(redisUrl);
      const health = await probe.health();
      await probe.close();
      assert.ok(health.ok, `Redis at ${redisUrl} is not reachable: ${health.detail}`);
    });
    after(async () => {
      const cleanup = new RedisCache(redisUrl, { prefix: runPrefix });
      await cleanup.deletePrefix('');
      await cleanup.close();
    });

    cacheContract('redis', () => new RedisCache(redisUrl, { prefix: `${runPrefix}${caches++}:` }));

    it('is what createCache builds for a redis config', async () => {
      const cache = createCache({ kind: 'redis', url: redisUrl }, { prefix: runPrefix });
      assert.equal(cache.kind, 'redis');
      await cache.close();
    });

    it('keeps caches with different prefixes apart', async () => {
      const a = new RedisCache(redisUrl, { prefix: `${runPrefix}iso-a:` });
      const b = new RedisCache(redisUrl, { prefix: `${runPrefix}iso-b:` });
      await a.set('k', 'from a');
      await b.set('k', 'from b');
      await a.deletePrefix('');
      assert.equal(await a.get('k'), undefined);
      assert.equal(await b.get('k'), 'from b');
      await b.deletePrefix('');
      await Promise.all([a.close(), b.close()]);
    });

    it('counts atomically across connections (as gateways and auth processes do)', async () => {
      const prefix = `${runPrefix}shared:`;
      const clients = Array.from({ length: 4 }, () => new RedisCache(redisUrl, { prefix }));
      const values = await Promise.all(
        Array.from({ length: 400 }, (_, i) => clients[i % clients.length]!.increment('budget', { ttlMs: 60_000 })),
      );
      assert.deepEqual(
        values.sort((a, b) => a - b),
        Array.from({ length: 400 }, (_, i) => i + 1),
      );
      const gates = await Promise.all(clients.map((c) => c.setIfAbsent('gate', 1, 60_000)));
      assert.equal(gates.filter(Boolean).length, 1);
      await clients[0]!.deletePrefix('');
      await Promise.all(clients.map((c) => c.close()));
    });

    it('reports the PING latency', async () => {
      const cache = new RedisCache(redisUrl, { prefix: runPrefix });
      const health = await cache.health();
      assert.equal(health.ok, true);
      assert.match(health.detail ?? '', /^PING \d+\.\d ms$/);
      await cache.close();
    });

    it('fails every call of a Redis that stops answering with UnavailableError, tells its observer, and heals', async () => {
      const proxy = await stallingProxy(new URL(redisUrl));
      const events: string[] = [];
      const observer = { up: () => events.push('up'), down: () => events.push('down') };
      const cache = new RedisCache(`redis://127.0.0.1:${proxy.port}`, { prefix: runPrefix, commandTimeoutMs: 300, observer });
      try {
        await cache.set('slow', 1);
        proxy.stall();
        // Replies held for as long as the test runs: each call must end on its own timeout, not hang.
        await assert.rejects(cache.get('slow'), UnavailableError);
        await assert.rejects(cache.getMany(['slow', 'other']), UnavailableError);
        await assert.rejects(cache.setMany([{ key: 'a', value: 1 }]), UnavailableError);
        await assert.rejects(cache.increment('n'), UnavailableError);
        await assert.rejects(cache.deletePrefix('x'), UnavailableError);
        assert.equal((await cache.health()).ok, false);
        proxy.release();
        assert.equal(await cache.get('slow'), 1);
        assert.deepEqual([events[0], events.includes('down'), events.at(-1)], ['up', true, 'up']);
      } finally {
        await cache.close();
        await proxy.close();
      }
    });

    it('fails with UnavailableError once closed', async () => {
      const cache = new RedisCache(redisUrl, { prefix: runPrefix });
      await cache.set('k', 1);
      await cache.close();
      await assert.rejects(cache.get('k'), UnavailableError);
    });
  });
}

describe('RedisCache without a server', () => {
  // Fast means on the refusal, not at the end of the connect timeout: that timeout is an hour here,
  // so a cache that waited for it would fail the test on its own timeout, on any machine.
  it('fails on the refused connection with UnavailableError, without waiting for the connect timeout', { timeout: 30_000 }, async () => {
    // Port 1 on loopback refuses connections at once.
    const cache = new RedisCache('redis://127.0.0.1:1', { connectTimeoutMs: 3_600_000, commandTimeoutMs: 3_600_000 });
    try {
      await assert.rejects(cache.get('k'), UnavailableError);
      await assert.rejects(cache.setMany([{ key: 'k', value: 1 }]), UnavailableError);
      const health = await cache.health();
      assert.equal(health.ok, false);
    } finally {
      await cache.close();
    }
  });
});

/**
 * A TCP proxy to a real Redis whose replies can be held back (a Redis stalled by a long command, a
 * saturated link) and then let through in order.
 */
async function stallingProxy(target: URL): Promise<{ port: number; stall(): void; release(): void; close(): Promise<void> }> {
  const pairs = new Set<[Socket, Socket]>();
  let stalled = false;
  const held: [Socket, Buffer][] = [];
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 6379), target.hostname);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => (stalled ? held.push([client, chunk]) : client.write(chunk)));
    const end = () => {
      client.destroy();
      upstream.destroy();
      pairs.delete(pair);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    stall: () => {
      stalled = true;
    },
    release: () => {
      stalled = false;
      for (const [client, chunk] of held.splice(0)) if (!client.destroyed) client.write(chunk);
    },
    close: async () => {
      for (const [a, b] of pairs) {
        a.destroy();
        b.destroy();
      }
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
