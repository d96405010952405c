import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { testServerUrl } from '@bourse/core/testing';
import pg from 'pg';
import { createStore, type Store } from './index.ts';

/** Corporate actions and manual series on PGlite always, and on PostgreSQL when configured. */
const pgUrl = testServerUrl('postgres');
const schemas: string[] = [];
const backends: { name: string; open: () => Promise<Store> }[] = [
  { name: 'PGlite', open: () => createStore({ kind: 'pglite', dir: 'memory://' }) },
  ...(pgUrl
    ? [
        {
          name: 'PostgreSQL',
          open: () => {
            const schema = `dataops_test_${randomUUID().slice(0, 8)}`;
            schemas.push(schema);
            return createStore({ kind: 'postgres', url: pgUrl }, { schema });
          },
        },
      ]
    : []),
];
after(async () => {
  if (!pgUrl || schemas.length === 0) return;
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  for (const s of schemas) await client.query(`drop schema if exists "${s}" cascade`);
  await client.end();
});

async function seeded(open: () => Promise<Store>): Promise<Store> {
  const store = await open();
  await store.exchanges.upsertMany([
    { code: 'OTC', name: 'Over the counter', country: 'US', timezone: 'America/New_York', currency: 'USD' },
  ]);
  for (const symbol of ['FUND1', 'AAPL'])
    await store.instruments.insert({
      symbol,
      name: symbol,
      exchange: 'OTC',
      assetClass: 'equity',
      currency: 'USD',
      tickSize: 0.01,
      lotSize: 1,
      streamable: false,
    });
  return store;
}

for (const backend of backends) {
  describe(`data operations repositories (${backend.name})`, () => {
    it('stores a split and a dividend once per symbol, kind and ex-date, the later report replacing the earlier', async (t) => {
      const store = await seeded(backend.open);
      t.after(() => store.close());
      const first = await store.corporateActions.upsert([
        { symbol: 'AAPL', kind: 'split', exDate: '2020-08-31', ratio: 4, source: 'manual' },
        { symbol: 'AAPL', kind: 'dividend', exDate: '2020-08-07', amount: 0.8, currency: 'USD', source: 'manual' },
      ]);
      assert.deepEqual(first, { inserted: 2, updated: 0 });
      const again = await store.corporateActions.upsert([
        { symbol: 'AAPL', kind: 'dividend', exDate: '2020-08-07', amount: 0.82, currency: 'USD', source: 'yahoo' },
      ]);
      assert.deepEqual(again, { inserted: 0, updated: 1 });
      assert.deepEqual(await store.corporateActions.list('AAPL'), [
        { symbol: 'AAPL', kind: 'dividend', exDate: '2020-08-07', amount: 0.82, currency: 'USD', source: 'yahoo' },
        { symbol: 'AAPL', kind: 'split', exDate: '2020-08-31', ratio: 4, source: 'manual' },
      ]);
      assert.equal((await store.corporateActions.list('AAPL', { from: '2020-08-08' })).length, 1);
      assert.equal((await store.corporateActions.list('AAPL', { to: '2020-08-01' })).length, 0);
    });

    it('loads a manual series as daily bars, replaces a bar loaded again and quotes the latest close', async (t) => {
      const store = await seeded(backend.open);
      t.after(() => store.close());
      assert.equal(await store.manual.isManual('FUND1'), false);
      assert.equal(await store.manual.hasMarketData('FUND1'), false);
      await store.manual.register('FUND1');
      await store.manual.register('FUND1');
      assert.equal(await store.manual.isManual('FUND1'), true);
      const day = (d: number) => Date.UTC(2026, 0, d);
      const bar = (d: number, close: number) => ({ start: day(d), open: close, high: close, low: close, close, volume: 0 });
      assert.deepEqual(await store.manual.load('FUND1', '1d', [bar(5, 100), bar(6, 101)]), { inserted: 2, updated: 0 });
      assert.deepEqual(await store.manual.load('FUND1', '1d', [bar(6, 102), bar(7, 103)]), { inserted: 1, updated: 1 });
      const bars = await store.bars.range('FUND1', '1d', { limit: 10 });
      assert.deepEqual(
        bars.map((b) => [b.start, b.close]),
        [
          [day(5), 100],
          [day(6), 102],
          [day(7), 103],
        ],
      );
      assert.equal((await store.quotes.latest(['FUND1'])).get('FUND1')?.last, 103);
      // An older bar loaded later does not move the quote back.
      await store.manual.load('FUND1', '1d', [bar(2, 90)]);
      assert.equal((await store.quotes.latest(['FUND1'])).get('FUND1')?.last, 103);
      assert.equal(await store.manual.hasMarketData('FUND1'), true);
    });
  });
}
