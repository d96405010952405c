import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { loadConfig } from '@bourse/core';
import Fastify from 'fastify';
import { startProcess } from './runtime.ts';
import { type BaseContext, defineService, type ServiceContext, servicePlugin } from './service.ts';

const config = { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), database: { kind: 'pglite', dir: 'memory://' } as const };

/** What each probe saw of its context, by name. */
const seen = new Map<string, string[]>();
const ports = (ctx: BaseContext & object) => ['bus', 'store', 'cache', 'keys'].filter((p) => p in ctx);

const publisher = defineService({
  name: 'publisher',
  description: 'Asks for the bus only',
  needs: ['bus'],
  prefixes: ['/publisher'],
  async routes(app, ctx) {
    seen.set('publisher', ports(ctx));
    // @ts-expect-error: the publisher did not ask for the cache, so its context has none
    void ctx.cache;
    app.get('/publisher', { config: { auth: 'public' } }, async (request) => ({ ok: true, principal: request.principal }));
  },
  async start(ctx: ServiceContext<'bus'>) {
    await ctx.bus.publish('probe.started', {
      id: 'probe-1',
      type: 'probe',
      v: 1,
      ts: Date.now(),
      source: 'test',
      key: 'probe',
      data: {},
    });
    return undefined;
  },
});

const reader = defineService({
  name: 'reader',
  description: 'Asks for the store and the cache',
  needs: ['store', 'cache'],
  prefixes: [],
  async start(ctx) {
    seen.set('reader', ports(ctx));
    // @ts-expect-error: the reader did not ask for the bus
    void ctx.bus;
    return undefined;
  },
});

describe('a service in its process', async () => {
  const running = await startProcess({ config, modules: [publisher, reader], listen: false });
  after(() => running.stop());

  it('gets the ports it declared and no others', () => {
    assert.deepEqual(seen.get('publisher'), ['bus']);
    assert.deepEqual(seen.get('reader'), ['store', 'cache']);
  });

  it('gives the process context every port its services declared', () => {
    assert.deepEqual(ports(running.ctx), ['bus', 'store', 'cache']);
  });

  it('is a named plugin of the app, behind the edge', async () => {
    assert.ok(running.app.hasPlugin('publisher'));
    assert.ok(running.app.hasPlugin('reader'));
    assert.ok(running.app.hasPlugin('bourse-edge'));
    const r = await running.app.inject({ method: 'GET', url: '/api/v1/publisher' });
    assert.equal(r.statusCode, 200);
    assert.deepEqual(r.json(), { ok: true, principal: null });
    assert.ok(running.app.accessTable.some((a) => a.url === '/api/v1/publisher' && a.level === 'public'));
  });
});

describe('a service plugin', () => {
  it('refuses an app without the edge in front of its routes', async () => {
    const app = Fastify();
    const ctx = { config } as unknown as ServiceContext<'bus'>;
    await assert.rejects(
      async () => {
        await app.register(servicePlugin(publisher, ctx));
        await app.ready();
      },
      (err: Error & { code?: string }) => err.code === 'FST_ERR_PLUGIN_NOT_PRESENT_IN_INSTANCE' || /bourse-edge/.test(err.message),
    );
    await app.close();
  });
});
