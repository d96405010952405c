import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import Type from 'typebox';
import { buildApp } from './app.ts';
import { createLogger } from './logger.ts';
import { Metrics } from './metrics.ts';
import { LATEST_QUERY_TIME_MS, queryTime, TimeQuery } from './query.ts';

describe('query times', async () => {
  const app = await buildApp({
    logger: createLogger({ logLevel: 'silent', instanceId: 't' }),
    metrics: new Metrics(),
    title: 't',
    version: '0',
    openapi: 'none',
    ready: async () => ({}),
  });
  app.get('/range', { schema: { querystring: Type.Object({ from: Type.Optional(TimeQuery) }) } }, async (r) => ({
    from: queryTime(r.query.from, 'from') ?? null,
  }));
  await app.ready();
  after(() => app.close());
  const get = async (from: string) => {
    const r = await app.inject({ method: 'GET', url: `/range?from=${encodeURIComponent(from)}` });
    return { status: r.statusCode, body: r.json() };
  };

  it('ends at the last millisecond of year 9999', () => {
    assert.equal(LATEST_QUERY_TIME_MS, 253_402_300_799_999);
    assert.equal(new Date(LATEST_QUERY_TIME_MS).toISOString(), '9999-12-31T23:59:59.999Z');
  });

  it('accepts the bounds themselves, as numbers and as date-times', async () => {
    assert.deepEqual((await get('0')).body, { from: 0 });
    assert.deepEqual((await get('253402300799999')).body, { from: LATEST_QUERY_TIME_MS });
    assert.deepEqual((await get('9999-12-31T23:59:59.999Z')).body, { from: LATEST_QUERY_TIME_MS });
    assert.deepEqual((await get('1970-01-01T00:00:00Z')).body, { from: 0 });
  });

  for (const [what, from] of [
    ['the first millisecond of year 10000', '253402300800000'],
    ['the last instant a Date holds', '8640000000000000'],
    ['a number past any integer', '99999999999999999999'],
    ['a negative number', '-1'],
    ['an extended-year date-time', '+010000-01-01T00:00:00Z'],
    ['a date-time whose offset carries it past year 9999', '9999-12-31T23:00:00-05:00'],
    ['a date-time before 1970', '0000-01-01T00:00:00Z'],
    ['no time at all', 'yesterday'],
  ] as const) {
    it(`answers ${what} with a 400 naming the field`, async () => {
      const r = await get(from);
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.match(r.body.error.message, /^querystring\.from /);
    });
  }
});
