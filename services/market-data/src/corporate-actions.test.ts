import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { loadConfig } from '@bourse/core';
import { API_KEY_PREFIX, hashSecret, startProcess } from '@bourse/kit';
import { marketDataService } from './index.ts';

/**
 * GET /ohlcv?adjust= over Apple's 2020 4-for-1 split and dividends (see quant's adjust.test.ts for
 * the events and closes): the route reads the events from the store and the close before each
 * dividend's ex-date even when that bar is outside the range asked for.
 */
describe('corporate actions and adjusted OHLCV', async () => {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const running = await startProcess({
    config: { ...config, database: { kind: 'pglite', dir: 'memory://' } },
    modules: [marketDataService],
    listen: false,
  });
  after(() => running.stop());
  const { store } = running.ctx;
  const keyFor = async (role: 'admin' | 'user') => {
    const user = await store.auth.createUser({ id: crypto.randomUUID(), email: `${role}@example.com`, passwordHash: 'x', role });
    const key = `${API_KEY_PREFIX}ca-test-${crypto.randomUUID()}`;
    await store.auth.createApiKey({
      id: crypto.randomUUID(),
      userId: user.id,
      name: 't',
      keyHash: hashSecret(key),
      prefix: key.slice(0, 8),
      readOnly: false,
    });
    return key;
  };
  const admin = await keyFor('admin');
  const user = await keyFor('user');
  const closes: [string, number][] = [
    ['2020-08-06', 455.61],
    ['2020-08-07', 444.45],
    ['2020-08-28', 499.23],
    ['2020-08-31', 129.04],
    ['2020-11-05', 118.69],
    ['2020-11-06', 118.69],
  ];
  await store.manual.load(
    'AAPL',
    '1d',
    closes.map(([d, c]) => ({ start: Date.parse(`${d}T00:00:00Z`), open: c, high: c, low: c, close: c, volume: 1000 })),
  );
  const actions = [
    { symbol: 'AAPL', kind: 'dividend', exDate: '2020-08-07', amount: 0.82, currency: 'USD' },
    { symbol: 'AAPL', kind: 'split', exDate: '2020-08-31', ratio: 4 },
    { symbol: 'AAPL', kind: 'dividend', exDate: '2020-11-06', amount: 0.205, currency: 'USD', source: 'yahoo' },
  ];
  const post = (body: unknown, key: string) =>
    running.app.inject({ method: 'POST', url: '/api/v1/corporate-actions', payload: body as object, headers: { 'x-api-key': key } });
  const ohlcv = async (query: string) => {
    const r = await running.app.inject({ method: 'GET', url: `/api/v1/ohlcv/AAPL?interval=1d&${query}` });
    assert.equal(r.statusCode, 200, r.body);
    return r.json().bars as { t: number; c: number; v: number }[];
  };
  const near = (actual: number[], expected: number[]) => {
    assert.equal(actual.length, expected.length);
    for (const [i, a] of actual.entries()) assert.ok(Math.abs(a - expected[i]!) < 1e-4, `bar ${i}: ${a} vs ${expected[i]}`);
  };

  it('loads events for admins only, and lists them', async () => {
    assert.equal((await post({ actions }, user)).statusCode, 403);
    const r = await post({ actions }, admin);
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json(), { inserted: 3, updated: 0 });
    assert.deepEqual((await post({ actions: actions.slice(0, 1) }, admin)).json(), { inserted: 0, updated: 1 });
    const list = await running.app.inject({ method: 'GET', url: '/api/v1/corporate-actions/AAPL' });
    assert.equal(list.statusCode, 200);
    assert.deepEqual(
      list.json().actions.map((a: { exDate: string; kind: string; source: string }) => [a.exDate, a.kind, a.source]),
      [
        ['2020-08-07', 'dividend', 'manual'],
        ['2020-08-31', 'split', 'manual'],
        ['2020-11-06', 'dividend', 'yahoo'],
      ],
    );
    const ranged = await running.app.inject({ method: 'GET', url: '/api/v1/corporate-actions/AAPL?from=2020-09-01' });
    assert.equal(ranged.json().actions.length, 1);
  });

  it('refuses a bad event, an unknown symbol, and an unknown adjustment', async () => {
    assert.equal((await post({ actions: [{ symbol: 'AAPL', kind: 'split', exDate: '2020-08-31', ratio: 0 }] }, admin)).statusCode, 400);
    assert.equal(
      (await post({ actions: [{ symbol: 'AAPL', kind: 'dividend', exDate: '2020-13-01', amount: 1, currency: 'USD' }] }, admin)).statusCode,
      400,
    );
    const unknown = await post({ actions: [{ symbol: 'NOPE', kind: 'split', exDate: '2020-08-31', ratio: 2 }] }, admin);
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().error.code, 'not_found');
    assert.equal((await running.app.inject({ method: 'GET', url: '/api/v1/corporate-actions/NOPE' })).statusCode, 404);
    assert.equal((await running.app.inject({ method: 'GET', url: '/api/v1/ohlcv/AAPL?interval=1d&adjust=dividend' })).statusCode, 400);
  });

  it('serves bars as traded by default, split-adjusted with adjust=split, total-return adjusted with adjust=total', async () => {
    const from = Date.parse('2020-08-01T00:00:00Z');
    near(
      (await ohlcv(`from=${from}`)).map((b) => b.c),
      [455.61, 444.45, 499.23, 129.04, 118.69, 118.69],
    );
    const split = await ohlcv(`from=${from}&adjust=split`);
    near(
      split.map((b) => b.c),
      [113.9025, 111.1125, 124.8075, 129.04, 118.69, 118.69],
    );
    assert.deepEqual(
      split.map((b) => b.v),
      [4000, 4000, 4000, 1000, 1000, 1000],
    );
    near(
      (await ohlcv(`from=${from}&adjust=total`)).map((b) => b.c),
      [113.501123, 110.920578, 124.591934, 128.817124, 118.485, 118.69],
    );
    // A range that ends before the November dividend still takes it in, with the close before it from the store.
    const to = Date.parse('2020-08-31T00:00:00Z');
    near(
      (await ohlcv(`from=${from}&to=${to}&adjust=total`)).map((b) => b.c),
      [113.501123, 110.920578, 124.591934, 128.817124],
    );
  });
});
