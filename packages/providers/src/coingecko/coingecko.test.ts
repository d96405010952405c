import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ProviderError } from '../port.ts';
import { symbolResolver } from '../symbols.ts';
import { type Answer, fixture, fixtureServer } from '../testing/fixture-server.ts';
import { testHttp } from '../testing/transport.ts';
import { coingeckoErrorText, coingeckoKeyHeader, createCoinGecko } from './coingecko.ts';

const file = (path: string) => fixture(import.meta.url, `./fixtures/${path}`);
const MARCH_1 = Date.parse('2024-03-01T00:00:00Z');

describe('coingecko connector', () => {
  let server: Awaited<ReturnType<typeof fixtureServer>>;
  let answers: Answer[] = [];
  before(async () => {
    server = await fixtureServer(() => (answers.length > 1 ? answers.shift()! : (answers[0] ?? { body: '{}' })));
  });
  after(() => server.close());
  const cg = () =>
    createCoinGecko({
      http: testHttp('coingecko', server.url, { headers: coingeckoKeyHeader(server.url, 'CG-demo'), errorText: coingeckoErrorText }),
      symbols: symbolResolver('coingecko'),
    });

  it('builds daily bars from the hourly prices, with the day’s 24 h volume, and sends the demo key header', async () => {
    answers = [{ body: file('ok/market-chart-range-bitcoin.json') }];
    const bars = await cg().history!('BTC-USD', '1d', MARCH_1, MARCH_1 + 2 * 86_400_000);
    assert.deepEqual(bars, [
      {
        symbol: 'BTC-USD',
        interval: '1d',
        start: MARCH_1,
        open: 61168.06,
        high: 62431.65,
        low: 60950.5,
        close: 62431.65,
        volume: 33094124015.79,
        source: 'coingecko',
      },
      {
        symbol: 'BTC-USD',
        interval: '1d',
        start: MARCH_1 + 86_400_000,
        open: 62387.9,
        high: 62910.33,
        low: 61999.01,
        close: 61999.01,
        volume: 20116023381.73,
        source: 'coingecko',
      },
    ]);
    const seen = server.seen.at(-1)!;
    assert.equal(seen.url.pathname, '/coins/bitcoin/market_chart/range');
    assert.equal(seen.url.searchParams.get('from'), String(MARCH_1 / 1000));
    assert.equal(seen.headers['x-cg-demo-api-key'], 'CG-demo');
    assert.deepEqual(coingeckoKeyHeader('https://pro-api.coingecko.com/api/v3', 'k'), { 'x-cg-pro-api-key': 'k' });
  });

  it('reads simple prices for the symbols it maps, leaving the others out', async () => {
    answers = [{ body: file('ok/simple-price.json') }];
    assert.deepEqual(await cg().quotes!(['BTC-USD', 'ETH-USD', 'AAPL']), [
      { symbol: 'BTC-USD', ts: 1711356300000, last: 67187.34, currency: 'USD', source: 'coingecko' },
      { symbol: 'ETH-USD', ts: 1711356297000, last: 3510.93, currency: 'USD', source: 'coingecko' },
    ]);
    assert.equal(server.seen.at(-1)!.url.searchParams.get('ids'), 'bitcoin,ethereum');
  });

  it('reads its OHLC candles', async () => {
    answers = [{ body: file('ok/ohlc-bitcoin.json') }];
    assert.deepEqual((await cg().ohlc('BTC-USD', 1))[1], {
      end: 1709265600000,
      open: 62431.65,
      high: 62910.33,
      low: 61999.01,
      close: 62387.9,
    });
  });

  it('waits out a 429’s Retry-After and then succeeds', async () => {
    answers = [
      { status: 429, headers: { 'retry-after': '1' }, body: file('not-ok/rate-limit-429.json') },
      { body: file('ok/simple-price.json') },
    ];
    const before = server.seen.length;
    const started = performance.now();
    const quotes = await cg().quotes!(['BTC-USD']);
    assert.equal(quotes[0]?.last, 67187.34);
    assert.equal(server.seen.length - before, 2);
    // Honoured: the retry waited the second it was told to, not the few ms of the test backoff.
    assert.ok(performance.now() - started >= 990);
  });

  it('fails an unknown coin as not found, and prices as text as a schema error', async () => {
    answers = [{ status: 404, body: file('not-ok/coin-not-found.json') }];
    await assert.rejects(
      cg().ohlc('BTC-USD', 1),
      (e: unknown) => e instanceof ProviderError && e.kind === 'not_found' && /coin not found/.test(e.message),
    );
    answers = [{ body: file('not-ok/prices-as-text.json') }];
    await assert.rejects(
      cg().history!('BTC-USD', '1d', MARCH_1, MARCH_1 + 86_400_000),
      (e: unknown) => e instanceof ProviderError && e.kind === 'schema' && e.details.field === 'prices[0][1]',
    );
  });
});
