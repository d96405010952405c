import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ProviderError } from '../port.ts';
import { symbolResolver } from '../symbols.ts';
import { type Answer, fixture, fixtureServer } from '../testing/fixture-server.ts';
import { testHttp } from '../testing/transport.ts';
import { createVci, VCI_HEADERS, vciErrorText } from './vci.ts';

const file = (path: string) => fixture(import.meta.url, `./fixtures/${path}`);
const VN_MIDNIGHT = (day: number) => Date.UTC(2024, 0, day) - 7 * 3_600_000;

describe('vci connector', () => {
  let server: Awaited<ReturnType<typeof fixtureServer>>;
  let answer: Answer = { body: '[]' };
  before(async () => {
    server = await fixtureServer(() => answer);
  });
  after(() => server.close());
  const vci = () =>
    createVci({ http: testHttp('vci', server.url, { headers: VCI_HEADERS, errorText: vciErrorText }), symbols: symbolResolver('vci') });

  it('reads daily bars in VND on Ho Chi Minh City trading days', async () => {
    answer = { body: file('ok/gap-chart-fpt-1d.json') };
    const bars = await vci().history!('FPT', '1d', VN_MIDNIGHT(2), VN_MIDNIGHT(5));
    assert.deepEqual(
      bars.map((b) => [new Date(b.start).toISOString(), b.open, b.high, b.low, b.close, b.volume]),
      [
        ['2024-01-01T17:00:00.000Z', 96500, 97600, 96200, 97300, 2546500],
        ['2024-01-02T17:00:00.000Z', 97300, 98200, 96900, 97900, 3188700],
        ['2024-01-03T17:00:00.000Z', 97900, 98400, 97100, 97200, 2201800],
      ],
    );
    const seen = server.seen.at(-1)!;
    assert.equal(seen.method, 'POST');
    assert.equal(seen.url.pathname, '/chart/OHLCChart/gap-chart');
    assert.deepEqual(JSON.parse(seen.body), { timeFrame: 'ONE_DAY', symbols: ['FPT'], to: VN_MIDNIGHT(5) / 1000, countBack: 4 });
    assert.equal(seen.headers.referer, 'https://trading.vietcap.com.vn/');
  });

  it('reads one-minute bars with numeric timestamps', async () => {
    answer = { body: file('ok/gap-chart-fpt-1m.json') };
    const from = VN_MIDNIGHT(3) + 9 * 3_600_000 + 15 * 60_000;
    const bars = await vci().history!('FPT', '1m', from, from + 2 * 60_000);
    assert.deepEqual(
      bars.map((b) => [b.start - from, b.close, b.volume]),
      [
        [0, 97400, 61200],
        [60_000, 97300, 18400],
      ],
    );
  });

  const fails = async (a: Answer, kind: ProviderError['kind'], pattern: RegExp) => {
    answer = a;
    await assert.rejects(vci().history!('FPT', '1d', VN_MIDNIGHT(2), VN_MIDNIGHT(5)), (e: unknown) => {
      assert.ok(e instanceof ProviderError, String(e));
      assert.equal(e.kind, kind);
      assert.match(e.message, pattern);
      return true;
    });
  };
  it('fails a renamed price array, naming it', () =>
    fails({ body: file('not-ok/renamed-close.json') }, 'schema', /FPT: field \[0\]\.c is missing/));
  it('fails arrays of unequal length', () =>
    fails({ body: file('not-ok/short-volume.json') }, 'schema', /field \[0\]\.v has 2 values for 3 timestamps/));
  it('says a 403 is VCI refusing the client', () =>
    fails(
      { status: 403, headers: { 'content-type': 'text/html' }, body: file('not-ok/forbidden.html') },
      'auth',
      /FPT: HTTP 403: VCI refused this client/,
    ));
  it('leaves out a symbol it has no mapping for', async () => {
    await assert.rejects(vci().history!('AAPL', '1d', 0, 1), (e: unknown) => e instanceof ProviderError && e.kind === 'not_found');
  });
});
