import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { testServerUrl } from '@bourse/core/testing';
import pg from 'pg';
import { bourse, type Proc, startService, stopProc } from './testing/processes.ts';
import { eventually, resetDurables, scratchDatabase } from './testing/servers.ts';

/**
 * The distributed shape as separate OS processes against NATS JetStream, PostgreSQL and
 * Redis: symbols, market-data, two ingest, bars, feed and a gateway proxying to them.
 */
const pgUrl = testServerUrl('postgres');
const natsUrl = testServerUrl('nats');
const redisUrl = testServerUrl('redis');
const skip = pgUrl && natsUrl && redisUrl ? false : 'needs BOURSE_TEST_DATABASE_URL, BOURSE_TEST_NATS_URL and BOURSE_TEST_REDIS_URL';
async function json(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function metric(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('distributed shape as separate processes', { skip, timeout: 600_000 }, () => {
  const procs: Proc[] = [];
  let env: Record<string, string>;
  let dropDb: (() => Promise<void>) | undefined;

  before(async () => {
    const db = await scratchDatabase(pgUrl!);
    dropDb = db.drop;
    await resetDurables(natsUrl!);
    env = {
      BOURSE_BUS: natsUrl!,
      BOURSE_DATABASE_URL: db.url,
      BOURSE_CACHE_URL: redisUrl!,
      BOURSE_INGEST_MAX_WAIT_MS: '50',
      // The suite polls the gateway until the data has gone through, and the limit's counters would
      // live in the shared Redis (one budget for 127.0.0.1 across runs): no rate limit here.
      BOURSE_RATE_LIMIT_ENABLED: 'false',
    };
    const migrate = bourse(['migrate', 'up'], env);
    const [code] = (await once(migrate, 'exit')) as [number];
    assert.equal(code, 0, 'bourse migrate up');
  });

  after(async () => {
    for (const p of procs.reverse()) await stopProc(p).catch(() => undefined);
    await resetDurables(natsUrl!).catch(() => undefined);
    await dropDb?.();
  });

  it('refuses to run one service on the in-process bus, naming the variable', async () => {
    const child = bourse(['start', 'ingest'], { BOURSE_BUS: 'memory' });
    let err = '';
    child.stderr!.on('data', (c: Buffer) => {
      err += c.toString();
    });
    const [code] = (await once(child, 'exit')) as [number];
    assert.equal(code, 1);
    assert.match(err, /^bourse: configuration error: BOURSE_BUS must be a nats:\/\/ URL/m);
  });

  // One test in three steps: starting a dozen processes is the slow part, and each step works on what the
  // one before it left (the stored ticks, the running processes), so they are not tests of their own.
  it('serves bars built from the feed through the gateway, shares the ticks between two ingest processes storing each once, and stops every process cleanly on SIGTERM', async () => {
    // ---- serves bars built from the feed through the gateway
    const started = await Promise.all([
      startService('symbols', 'symbols', env),
      startService('market-data', 'market-data', env),
      startService('ingest-1', 'ingest', env),
      startService('ingest-2', 'ingest', env),
      startService('bars', 'bars', env),
      startService('indicators', 'indicators', env),
      startService('auth', 'auth', env),
    ]);
    procs.push(...started);
    const [symbols, marketData, , , , indicators, auth] = started;
    procs.push(await startService('feed', 'feed', { ...env, BOURSE_FEED_RATE: '2000', BOURSE_FEED_LINGER_MS: '20' }));
    const gateway = await startService('gateway', 'gateway', {
      ...env,
      BOURSE_SYMBOLS_URL: symbols!.url,
      BOURSE_MARKET_DATA_URL: marketData!.url,
      BOURSE_FEED_URL: procs.find((p) => p.name === 'feed')!.url,
      BOURSE_INDICATORS_URL: indicators!.url,
      BOURSE_AUTH_URL: auth!.url,
    });
    procs.push(gateway);

    const bars = await eventually(
      'a 1m bar of AAPL through the gateway',
      async () => {
        const r = await json(`${gateway.url}/api/v1/ohlcv/AAPL?interval=1m&limit=3`);
        return r.status === 200 && (r.body.bars as unknown[]).length > 0
          ? (r.body.bars as { t: number; v: number; n: number }[])
          : undefined;
      },
      60_000,
    );
    assert.ok(bars[0]!.n > 0);
    // Accounts through the gateway: the auth service's routes and its JWKS at the root.
    const jwks = await json(`${gateway.url}/.well-known/jwks.json`);
    assert.equal(jwks.status, 200, JSON.stringify(jwks.body));
    assert.ok((jwks.body.keys as unknown[]).length > 0);
    const credentials = { email: 'trader@example.com', password: 'a long enough passphrase 42' };
    const post = (path: string, body: object) =>
      fetch(`${gateway.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal((await post('/api/v1/auth/register', credentials)).status, 201);
    const login = await post('/api/v1/auth/login', credentials);
    assert.equal(login.status, 200);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const me = await fetch(`${gateway.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    assert.equal(me.status, 200);
    const rsi = await json(`${gateway.url}/api/v1/indicators/AAPL?interval=1m&indicators=sma(2)&limit=3`);
    assert.equal(rsi.status, 200, JSON.stringify(rsi.body));
    const search = await json(`${gateway.url}/api/v1/symbols?q=bitcoin`);
    assert.equal(search.status, 200);
    assert.equal((search.body.data as { symbol: string }[])[0]?.symbol, 'BTC-USD');
    const quote = await json(`${gateway.url}/api/v1/quotes/BTC-USD`);
    assert.equal(quote.status, 200);
    const missing = await json(`${gateway.url}/api/v1/quotes/NOPE`);
    assert.equal(missing.status, 404);
    assert.equal((missing.body.error as { code: string }).code, 'not_found');

    const doc = await json(`${gateway.url}/openapi.json`);
    const paths = Object.keys(doc.body.paths as object);
    assert.ok(!paths.some((p) => p.endsWith('{*}')), `no proxy plumbing in the document: ${paths.join(', ')}`);
    for (const p of [
      '/api/v1/ohlcv/{symbol}',
      '/api/v1/quotes/{symbol}',
      '/api/v1/symbols',
      '/api/v1/feed/status',
      '/api/v1/indicators/{symbol}',
    ]) {
      assert.ok(paths.includes(p), `${p} in ${paths.join(', ')}`);
    }
    const ready = await json(`${gateway.url}/ready`);
    assert.equal(ready.status, 200, JSON.stringify(ready.body));

    // The request id given to the gateway reaches the service and comes back.
    const res = await fetch(`${gateway.url}/api/v1/symbols/AAPL`, { headers: { 'x-request-id': 'it-trace-1' } });
    assert.equal(res.headers.get('x-request-id'), 'it-trace-1');

    // ---- shares the ticks between two ingest processes and stores each once
    const feed = procs.find((p) => p.name === 'feed')!;
    assert.equal(await stopProc(feed), 0);
    const client = new pg.Client({ connectionString: env.BOURSE_DATABASE_URL });
    await client.connect();
    try {
      const ingests = procs.filter((p) => p.name.startsWith('ingest'));
      const scrape = async () =>
        Promise.all(ingests.map(async (p) => metric(await (await fetch(`${p.url}/metrics`)).text(), 'bourse_ingest_ticks_stored_total')));
      let previous = -1;
      const [stored, rows] = await eventually(
        'ingest to settle',
        async () => {
          const counts = await scrape();
          const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM ticks');
          const n = Number(rows[0]!.n);
          const settled = n === previous && counts.reduce((a, b) => a + b, 0) === n;
          previous = n;
          return settled ? ([counts, n] as const) : undefined;
        },
        30_000,
      );
      assert.ok(rows > 0);
      assert.ok(
        stored.every((c) => c > 0),
        `both ingest processes stored ticks: ${stored.join(', ')}`,
      );
      assert.equal(
        stored.reduce((a, b) => a + b, 0),
        rows,
        'each tick stored once',
      );
    } finally {
      await client.end();
    }

    // ---- stops every process cleanly on SIGTERM
    for (const p of [...procs].reverse()) {
      const code = await stopProc(p);
      assert.equal(code, 0, `${p.name} exit code\n${p.output.join('')}`);
    }
    procs.length = 0;
  });
});
