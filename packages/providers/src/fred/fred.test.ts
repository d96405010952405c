import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ProviderError } from '../port.ts';
import { fixture, fixtureServer } from '../testing/fixture-server.ts';
import { testHttp } from '../testing/transport.ts';
import { createFred, fredErrorText } from './fred.ts';

const file = (path: string) => fixture(import.meta.url, `./fixtures/${path}`);

describe('fred connector', () => {
  let server: Awaited<ReturnType<typeof fixtureServer>>;
  let observations = file('ok/observations-dgs10.json');
  let status = 200;
  before(async () => {
    server = await fixtureServer((r) =>
      status !== 200
        ? { status, body: file('not-ok/series-does-not-exist.json') }
        : { body: r.url.pathname === '/series' ? file('ok/series-dgs10.json') : observations },
    );
  });
  after(() => server.close());
  const fred = () => createFred({ http: testHttp('fred', server.url, { errorText: fredErrorText }), apiKey: 'abcdef' });

  it('reads the observations with "." as null, and the title and units', async () => {
    assert.deepEqual(await fred().macro!('DGS10', '2024-07-01', '2024-07-05'), {
      seriesId: 'DGS10',
      title: 'Market Yield on U.S. Treasury Securities at 10-Year Constant Maturity, Quoted on an Investment Basis',
      units: 'Percent',
      observations: [
        { date: '2024-07-01', value: 4.47 },
        { date: '2024-07-02', value: 4.43 },
        { date: '2024-07-03', value: 4.36 },
        { date: '2024-07-04', value: null },
        { date: '2024-07-05', value: 4.32 },
      ],
      source: 'fred',
    });
    const q = server.seen.at(-1)!.url.searchParams;
    assert.deepEqual(
      [q.get('series_id'), q.get('api_key'), q.get('file_type'), q.get('observation_start')],
      ['DGS10', 'abcdef', 'json', '2024-07-01'],
    );
  });

  it('fails an unknown series with FRED’s message, and a value of another type naming it', async () => {
    status = 400;
    await assert.rejects(
      fred().macro!('NOPE', '2024-07-01', '2024-07-05'),
      (e: unknown) => e instanceof ProviderError && e.kind === 'bad_request' && /The series does not exist/.test(e.message),
    );
    status = 200;
    observations = file('not-ok/value-as-number.json');
    await assert.rejects(
      fred().macro!('DGS10', '2024-07-01', '2024-07-05'),
      (e: unknown) =>
        e instanceof ProviderError && e.kind === 'schema' && e.details.field === 'observations[2].value' && /DGS10/.test(e.message),
    );
  });
});
