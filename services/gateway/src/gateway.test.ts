import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '@bourse/core';
import { freePort } from '@bourse/core/testing';
import { type RunningProcess, startProcess } from '@bourse/kit';
import { gatewayOptions, gatewayService } from './index.ts';

/** The gateway in one process with nothing else, configured from `env` as `bourse start gateway` would be. */
function startGateway(env: Record<string, string>, options: ReturnType<typeof gatewayOptions> = gatewayOptions([])) {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
  return startProcess({
    config: { ...config, database: { kind: 'pglite', dir: 'memory://' } },
    modules: [gatewayService],
    listen: false,
    ...options,
  });
}

/**
 * A stand-in for a service in the distributed shape: answers under /api/v1/echo with what it was
 * sent, serves its own OpenAPI document and /health, and keeps the headers of every request.
 */
async function echoService(): Promise<{ url: string; seen: IncomingHttpHeaders[]; server: Server }> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/health') return json(200, { status: 'ok' });
    if (req.url === '/openapi.json') {
      return json(200, { openapi: '3.0.3', info: { title: 'echo', version: '1' }, paths: { '/api/v1/echo/{word}': { get: {} } } });
    }
    seen.push(req.headers);
    return json(200, { method: req.method, url: req.url });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

/** The gateway's public HTTP behaviour in the embedded shape, through inject. */
describe('gateway', () => {
  let running: RunningProcess<never>;
  before(async () => {
    running = await startGateway({});
  });
  after(() => running.stop());

  it('answers an unknown route with 404 and the error body naming the method and path, without the query', async () => {
    const r = await running.app.inject({ method: 'GET', url: '/api/v1/no-such-route?x=1' });
    assert.equal(r.statusCode, 404);
    assert.deepEqual(r.json(), { error: { code: 'not_found', message: 'Route GET /api/v1/no-such-route not found' } });
  });

  it('passes a well-formed x-request-id through and replaces one that is not', async () => {
    const given = 'req-abc-123';
    const r = await running.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': given } });
    assert.equal(r.headers['x-request-id'], given);
    const bad = await running.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'bad id\twith spaces' } });
    const replaced = String(bad.headers['x-request-id']);
    assert.notEqual(replaced, 'bad id\twith spaces');
    assert.match(replaced, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('serves one OpenAPI 3 document at /openapi.json and the docs browser at /docs', async () => {
    const r = await running.app.inject({ method: 'GET', url: '/openapi.json' });
    assert.equal(r.statusCode, 200);
    const doc = r.json() as { openapi: string; paths: Record<string, unknown> };
    assert.match(doc.openapi, /^3\./);
    assert.equal(typeof doc.paths, 'object');
    const docs = await running.app.inject({ method: 'GET', url: '/docs/' });
    assert.equal(docs.statusCode, 200);
    assert.match(String(docs.headers['content-type']), /^text\/html/);
  });
});

describe('gateway CORS', () => {
  let running: RunningProcess<never>;
  before(async () => {
    running = await startGateway({ BOURSE_CORS_ORIGINS: 'https://app.example.com' });
  });
  after(() => running.stop());

  const preflight = (origin: string) =>
    running.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/quotes/AAPL',
      headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });

  it('allows a configured origin, with the headers a browser client needs', async () => {
    const r = await preflight('https://app.example.com');
    assert.equal(r.statusCode, 204);
    assert.equal(r.headers['access-control-allow-origin'], 'https://app.example.com');
    assert.match(String(r.headers['access-control-allow-headers']), /authorization/);
    const get = await running.app.inject({ method: 'GET', url: '/health', headers: { origin: 'https://app.example.com' } });
    assert.equal(get.headers['access-control-allow-origin'], 'https://app.example.com');
    assert.match(String(get.headers['access-control-expose-headers']), /x-request-id/);
  });

  it('gives an origin it was not told about no CORS grant', async () => {
    const r = await preflight('https://evil.example.net');
    assert.equal(r.headers['access-control-allow-origin'], undefined);
  });
});

describe('gateway in the distributed shape', () => {
  let echo: Awaited<ReturnType<typeof echoService>>;
  let running: RunningProcess<never>;
  before(async () => {
    echo = await echoService();
    const unconfigured = [{ ...gatewayService, name: 'symbols', prefixes: ['/symbols'] }];
    running = await startGateway(
      {},
      gatewayOptions([{ service: 'echo', url: echo.url, prefixes: ['/echo'], rootPrefixes: [] }], unconfigured),
    );
  });
  after(async () => {
    await running.stop();
    echo.server.close();
  });

  it("proxies a route prefix to the service that owns it, with the request id and the gateway's view of the caller", async () => {
    const r = await running.app.inject({
      method: 'GET',
      url: '/api/v1/echo/hello?x=1',
      remoteAddress: '198.51.100.7',
      headers: { 'x-request-id': 'req-proxied-1', 'x-forwarded-for': '203.0.113.66' },
    });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json(), { method: 'GET', url: '/api/v1/echo/hello?x=1' });
    const headers = echo.seen.at(-1);
    assert.ok(headers, 'the service was called');
    assert.equal(headers['x-request-id'], 'req-proxied-1');
    // The caller's own X-Forwarded-For does not reach the service: the gateway says who called.
    assert.equal(headers['x-forwarded-for'], '198.51.100.7');
  });

  it("merges the services' paths into its OpenAPI document", async () => {
    const doc = (await running.app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, unknown> };
    assert.ok('/api/v1/echo/{word}' in doc.paths, Object.keys(doc.paths).join(', '));
    // The proxy's own catch-all route is plumbing, not API.
    assert.equal('/api/v1/echo/{*}' in doc.paths, false);
  });

  it('reports each upstream in /ready', async () => {
    const r = await running.app.inject({ method: 'GET', url: '/ready' });
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json() as { checks: Record<string, { ok: boolean }> };
    assert.equal(body.checks['upstream:echo']?.ok, true, r.body);
  });

  it('limits the rate of API calls by default, under NODE_ENV=test too', async () => {
    const r = await running.app.inject({ method: 'GET', url: '/api/v1/echo/limited' });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.headers['ratelimit-limit'], String(loadConfig({ NODE_ENV: 'test' }).edge.rateLimit.anonymousMax));
  });

  it('answers 503 naming the variable to set for a service it has no URL for', async () => {
    const r = await running.app.inject({ method: 'GET', url: '/api/v1/symbols/AAPL' });
    assert.equal(r.statusCode, 503);
    const body = r.json() as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'unavailable');
    assert.match(body.error.message, /BOURSE_SYMBOLS_URL/);
  });
});

/** A gateway whose rate limiter's Redis and revocation markers' Redis do not answer (nothing listens on their port). */
describe('gateway with its Redis away', () => {
  let running: RunningProcess<never>;
  let echo: Awaited<ReturnType<typeof echoService>>;
  before(async () => {
    echo = await echoService();
    const redis = `redis://127.0.0.1:${await freePort()}`;
    const upstreams = [{ service: 'echo', url: echo.url, prefixes: ['/echo'], rootPrefixes: [] }];
    running = await startGateway({ BOURSE_RATE_LIMIT_REDIS_URL: redis, BOURSE_CACHE_URL: redis }, gatewayOptions(upstreams));
  });
  after(async () => {
    await running.stop();
    echo.server.close();
  });

  it('says in /ready that the rate limiter and the revocation markers are down', async () => {
    const r = await running.app.inject({ method: 'GET', url: '/ready' });
    assert.equal(r.statusCode, 503, r.body);
    const { checks } = r.json() as { checks: Record<string, { ok: boolean; detail?: string }> };
    assert.equal(checks['rate-limit:redis']?.ok, false, r.body);
    assert.equal(checks['revocations:redis']?.ok, false, r.body);
    assert.equal(checks['upstream:echo']?.ok, true, r.body);
  });

  it('fails rate-limited routes closed with 503 and the error body', async () => {
    const r = await running.app.inject({ method: 'GET', url: '/api/v1/echo/limited' });
    assert.equal(r.statusCode, 503, r.body);
    assert.equal((r.json() as { error: { code: string } }).error.code, 'unavailable');
  });
});
