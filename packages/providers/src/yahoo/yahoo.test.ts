import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ProviderError } from '../port.ts';
import { symbolResolver } from '../symbols.ts';
import { fixture, fixtureServer } from '../testing/fixture-server.ts';
import { testHttp } from '../testing/transport.ts';
import { createYahoo, yahooErrorText } from './yahoo.ts';

const file = (path: string) => fixture(import.meta.url, `./fixtures/${path}`);
const DAY = Date.parse('2024-08-08T04:00:00Z'); // midnight in New York, EDT

describe('yahoo chart connector', () => {
  let server: Awaited<ReturnType<typeof fixtureServer>>;
  const routes = new Map<string, { status?: number; body: string; headers?: Record<string, string> }>();
  before(async () => {
    server = await fixtureServer(
      (request) => routes.get(decodeURIComponent(request.url.pathname)) ?? { status: 404, body: file('not-ok/not-found.json') },
    );
  });
  after(() => server.close());
  const yahoo = () =>
    createYahoo({ http: testHttp('yahoo', server.url, { errorText: yahooErrorText }), symbols: symbolResolver('yahoo', {}, (s) => s) });

  it('reads daily bars on New York trading days, with the numbers of the recorded answer', async () => {
    routes.set('/v8/finance/chart/AAPL', { body: file('ok/aapl-1d.json') });
    const bars = await yahoo().history!('AAPL', '1d', DAY, Date.parse('2024-08-14T04:00:00Z'));
    assert.equal(bars.length, 4);
    assert.deepEqual(
      bars.map((b) => new Date(b.start).toISOString()),
      ['2024-08-08T04:00:00.000Z', '2024-08-09T04:00:00.000Z', '2024-08-12T04:00:00.000Z', '2024-08-13T04:00:00.000Z'],
    );
    assert.deepEqual(bars[2], {
      symbol: 'AAPL',
      interval: '1d',
      start: Date.parse('2024-08-12T04:00:00Z'),
      open: 216.07,
      high: 219.51,
      low: 215.6,
      close: 217.53,
      volume: 38028100,
      source: 'yahoo',
    });
    const query = server.seen.at(-1)!.url.searchParams;
    assert.equal(query.get('interval'), '1d');
    assert.equal(query.get('events'), 'div,splits');
    assert.equal(query.get('period1'), String(DAY / 1000));
  });

  it('reads the dividend and the 4-for-1 split on their ex-dates', async () => {
    routes.set('/v8/finance/chart/AAPL', { body: file('ok/aapl-1d.json') });
    assert.deepEqual(await yahoo().corporateActions!('AAPL', '2024-08-01', '2024-09-01'), [
      { symbol: 'AAPL', kind: 'dividend', exDate: '2024-08-12', amount: 0.25, currency: 'USD', source: 'yahoo' },
    ]);
    routes.set('/v8/finance/chart/AAPL', { body: file('ok/aapl-split.json') });
    assert.deepEqual(await yahoo().corporateActions!('AAPL', '2020-08-01', '2020-09-01'), [
      { symbol: 'AAPL', kind: 'split', exDate: '2020-08-31', ratio: 4, source: 'yahoo' },
    ]);
  });

  it('reads the latest price and the instrument from the meta', async () => {
    routes.set('/v8/finance/chart/AAPL', { body: file('ok/aapl-1d.json') });
    assert.deepEqual(await yahoo().quotes!(['AAPL', 'NOPE']), [
      { symbol: 'AAPL', ts: Date.parse('2024-08-13T20:00:00Z'), last: 221.27, currency: 'USD', source: 'yahoo' },
    ]);
    assert.deepEqual(await yahoo().instrument!('AAPL'), {
      symbol: 'AAPL',
      name: 'Apple Inc.',
      exchange: 'NASDAQ',
      currency: 'USD',
      assetClass: 'equity',
      timeZone: 'America/New_York',
    });
  });

  it('leaves out a minute without trades (nulls), never a zero bar', async () => {
    routes.set('/v8/finance/chart/AAPL', { body: file('not-ok/aapl-1m-nulls.json') });
    const from = Date.parse('2024-08-13T13:30:00Z');
    const bars = await yahoo().history!('AAPL', '1m', from, from + 4 * 60_000);
    assert.deepEqual(
      bars.map((b) => [b.start - from, b.close, b.volume]),
      [
        [0, 219.41, 1873440],
        [60_000, 219.5, 412305],
        [180_000, 219.6, 301207],
      ],
    );
  });

  const fails = async (body: string, status: number | undefined, kind: ProviderError['kind'], pattern: RegExp, field?: string) => {
    routes.set('/v8/finance/chart/AAPL', { body, ...(status ? { status } : {}) });
    await assert.rejects(yahoo().history!('AAPL', '1d', DAY, DAY + 7 * 86_400_000), (error: unknown) => {
      assert.ok(error instanceof ProviderError, String(error));
      assert.equal(error.provider, 'yahoo');
      assert.equal(error.kind, kind);
      assert.match(error.message, pattern);
      if (field !== undefined) assert.equal(error.details.field, field);
      return true;
    });
  };

  it('fails the symbol naming a renamed field', () =>
    fails(
      file('not-ok/renamed-field.json'),
      undefined,
      'schema',
      /AAPL: field chart\.result\[0\]\.meta\.exchangeTimezoneName is missing/,
      'chart.result[0].meta.exchangeTimezoneName',
    ));
  it('fails the symbol naming a field that changed type', () =>
    fails(file('not-ok/close-as-text.json'), undefined, 'schema', /AAPL: field chart\.result\[0\]\.indicators\.quote\[0\]\.close\[2\]/));
  it('says not found with Yahoo’s own words', () =>
    fails(file('not-ok/not-found.json'), 404, 'not_found', /HTTP 404 \(No data found, symbol may be delisted\)/));
  it('says an HTML page came instead of JSON', () =>
    fails(file('not-ok/consent-page.html'), 200, 'unavailable', /HTML page instead of JSON/));
  it('says the body was truncated', () => fails(file('not-ok/truncated.json'), 200, 'unavailable', /truncated JSON body/));
});
