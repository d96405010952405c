import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ProviderError } from '../port.ts';
import { symbolResolver } from '../symbols.ts';
import { fixture, fixtureServer } from '../testing/fixture-server.ts';
import { testHttp } from '../testing/transport.ts';
import { createAlphaVantage } from './alphavantage.ts';

const file = (path: string) => fixture(import.meta.url, `./fixtures/${path}`);
const NY = (day: string) => Date.parse(`${day}T04:00:00Z`); // midnight in New York, EDT

describe('alphavantage connector', () => {
  let server: Awaited<ReturnType<typeof fixtureServer>>;
  let answers: string[] = [];
  before(async () => {
    server = await fixtureServer(() => ({ body: answers.length > 1 ? (answers.shift() ?? '{}') : (answers[0] ?? '{}') }));
  });
  after(() => server.close());
  const av = (apiKey: string | undefined = 'test-key') =>
    createAlphaVantage({
      http: testHttp('alphavantage', server.url),
      symbols: symbolResolver('alphavantage', { 'EUR/USD': { alphavantage: 'EUR/USD' } }, (s) => s),
      apiKey,
    });

  it('reads TIME_SERIES_DAILY as New York days, oldest first', async () => {
    answers = [file('ok/time-series-daily-ibm.json')];
    const bars = await av().history!('IBM', '1d', NY('2024-06-26'), NY('2024-06-29'));
    assert.deepEqual(
      bars.map((b) => [new Date(b.start).toISOString(), b.open, b.high, b.low, b.close, b.volume]),
      [
        ['2024-06-26T04:00:00.000Z', 170.97, 171.53, 169.76, 170.63, 3276837],
        ['2024-06-27T04:00:00.000Z', 170, 173.55, 169.69, 173.48, 3845011],
        ['2024-06-28T04:00:00.000Z', 173.45, 174, 171.66, 172.95, 7190226],
      ],
    );
    const q = server.seen.at(-1)!.url.searchParams;
    assert.equal(q.get('function'), 'TIME_SERIES_DAILY');
    assert.equal(q.get('symbol'), 'IBM');
    assert.equal(q.get('apikey'), 'test-key');
  });

  it('reads FX_DAILY for a pair, on UTC days', async () => {
    answers = [file('ok/fx-daily-eurusd.json')];
    const bars = await av().history!('EUR/USD', '1d', Date.parse('2024-06-27T00:00:00Z'), Date.parse('2024-06-29T00:00:00Z'));
    assert.deepEqual(
      bars.map((b) => [new Date(b.start).toISOString(), b.open, b.close]),
      [
        ['2024-06-27T00:00:00.000Z', 1.0681, 1.0701],
        ['2024-06-28T00:00:00.000Z', 1.0701, 1.0713],
      ],
    );
    assert.equal(server.seen.at(-1)!.url.searchParams.get('from_symbol'), 'EUR');
  });

  it('reads GLOBAL_QUOTE, OVERVIEW and INCOME_STATEMENT', async () => {
    answers = [file('ok/global-quote-ibm.json')];
    assert.deepEqual(await av().quotes!(['IBM']), [
      { symbol: 'IBM', ts: NY('2024-06-28'), last: 172.95, currency: 'USD', source: 'alphavantage' },
    ]);
    answers = [file('ok/overview-ibm.json')];
    const company = await av().company('IBM');
    assert.equal(company.name, 'International Business Machines');
    assert.equal(company.marketCapitalization, 159150080000);
    assert.equal(company.peRatio, 19.39);
    assert.deepEqual(await av().instrument!('IBM'), {
      symbol: 'IBM',
      name: 'International Business Machines',
      exchange: 'NYSE',
      currency: 'USD',
      assetClass: 'equity',
    });
    answers = [file('ok/income-statement-ibm.json')];
    const income = await av().statement('IBM', 'income');
    assert.equal(server.seen.at(-1)!.url.searchParams.get('function'), 'INCOME_STATEMENT');
    assert.deepEqual(income.annual[0], {
      fiscalDateEnding: '2023-12-31',
      reportedCurrency: 'USD',
      items: {
        grossProfit: 34300000000,
        totalRevenue: 61860000000,
        costOfRevenue: 27560000000,
        operatingIncome: 8654000000,
        researchAndDevelopment: 6775000000,
        netIncome: 7502000000,
        interestIncome: null,
      },
    });
    assert.equal(income.quarterly[0]?.items['netIncome'], 1605000000);
  });

  it('treats an in-body rate limit ("Information") as a 429: retried, then served', async () => {
    answers = [file('not-ok/information-rate-limit.json'), file('not-ok/note-rate-limit.json'), file('ok/global-quote-ibm.json')];
    const before = server.seen.length;
    assert.equal((await av().quotes!(['IBM']))[0]?.last, 172.95);
    assert.equal(server.seen.length - before, 3);
  });

  const fails = async (answer: string, kind: ProviderError['kind'], pattern: RegExp, apiKey?: string) => {
    answers = [answer];
    await assert.rejects(av(apiKey).history!('IBM', '1d', NY('2024-06-26'), NY('2024-06-29')), (error: unknown) => {
      assert.ok(error instanceof ProviderError, String(error));
      assert.equal(error.kind, kind);
      assert.match(error.message, pattern);
      return true;
    });
  };
  it('gives up on a rate limit that lasts, as rate_limited', () =>
    fails(file('not-ok/note-rate-limit.json'), 'rate_limited', /5 calls per minute/));
  it('reads "Error Message" as not found', () => fails(file('not-ok/error-message.json'), 'not_found', /IBM: Invalid API call/));
  it('fails on a close that is not a number, naming it', () =>
    fails(file('not-ok/close-not-a-number.json'), 'schema', /IBM: field Time Series \(Daily\)\.2024-06-27\.4\. close/));
  it('fails on a renamed series, naming it', () =>
    fails(file('not-ok/renamed-series.json'), 'schema', /field Time Series \(Daily\) is missing/));
});
