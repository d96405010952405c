import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ProviderError } from '../port.ts';
import { symbolResolver } from '../symbols.ts';
import { type Answer, fixture, fixtureServer } from '../testing/fixture-server.ts';
import { testHttp } from '../testing/transport.ts';
import { binanceErrorText, binanceSymbolRule, createBinanceRest } from './rest.ts';

const file = (path: string) => fixture(import.meta.url, `./fixtures/${path}`);
const MARCH_1 = Date.parse('2024-03-01T00:00:00Z');

describe('binance REST connector', () => {
  let server: Awaited<ReturnType<typeof fixtureServer>>;
  let answers: Answer[] = [];
  before(async () => {
    server = await fixtureServer(() => (answers.length > 1 ? answers.shift()! : (answers[0] ?? { body: '[]' })));
  });
  after(() => server.close());
  const binance = () =>
    createBinanceRest({
      http: testHttp('binance', server.url, { errorText: binanceErrorText }),
      symbols: symbolResolver('binance', {}, binanceSymbolRule),
    });

  it('reads klines as bars with their trade counts', async () => {
    answers = [{ body: file('ok/klines-btcusdt-1d.json') }];
    const bars = await binance().history!('BTC-USD', '1d', MARCH_1, MARCH_1 + 2 * 86_400_000);
    assert.deepEqual(bars[0], {
      symbol: 'BTC-USD',
      interval: '1d',
      start: MARCH_1,
      open: 61130.99,
      high: 63114.23,
      low: 60777,
      close: 62387.9,
      volume: 47737.93473,
      trades: 2081917,
      source: 'binance',
    });
    assert.equal(bars[1]?.close, 61987.28);
    const q = server.seen.at(-1)!.url.searchParams;
    assert.deepEqual([q.get('symbol'), q.get('interval'), q.get('startTime'), q.get('limit')], ['BTCUSDT', '1d', String(MARCH_1), '1000']);
  });

  it('reads the 24 h ticker as a quote and historical trades by id', async () => {
    answers = [{ body: file('ok/ticker-24hr-btcusdt.json') }];
    assert.deepEqual(await binance().quotes!(['BTC-USD']), [
      { symbol: 'BTC-USD', ts: MARCH_1 + 86_400_000 - 1, last: 62387.9, bid: 62387.89, ask: 62387.9, currency: 'USD', source: 'binance' },
    ]);
    answers = [{ body: file('ok/historical-trades-btcusdt.json') }];
    const trades = await binance().tradesFrom('BTC-USD', 3470000102, 3);
    assert.deepEqual(trades[0], { id: 3470000102, ts: 1709287200000, price: 62401.01, size: 0.0012 });
    assert.equal(server.seen.at(-1)!.url.searchParams.get('fromId'), '3470000102');
  });

  it('fails an unknown symbol with Binance’s message, and a close of another type naming it', async () => {
    answers = [{ status: 400, body: file('not-ok/invalid-symbol.json') }];
    await assert.rejects(
      binance().history!('BTC-USD', '1d', MARCH_1, MARCH_1 + 86_400_000),
      (e: unknown) => e instanceof ProviderError && e.kind === 'bad_request' && /Invalid symbol\. code -1121/.test(e.message),
    );
    answers = [{ body: file('not-ok/close-as-number.json') }];
    await assert.rejects(
      binance().history!('BTC-USD', '1d', MARCH_1, MARCH_1 + 2 * 86_400_000),
      (e: unknown) => e instanceof ProviderError && e.kind === 'schema' && e.details.field === '[1][4]',
    );
  });

  it('gives up at once on a Retry-After longer than it waits, as rate_limited with the wait', async () => {
    answers = [{ status: 429, headers: { 'retry-after': '120' }, body: file('not-ok/too-much-weight-429.json') }];
    const before = server.seen.length;
    await assert.rejects(
      binance().quotes!(['BTC-USD']),
      (e: unknown) => e instanceof ProviderError && e.kind === 'rate_limited' && e.details.retryAfterMs === 120_000,
    );
    assert.equal(server.seen.length - before, 1);
  });
});
