import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { loadConfig } from '@bourse/core';
import { API_KEY_PREFIX, hashSecret, startProcess } from '@bourse/kit';
import { parseOhlcvCsv } from './csv.ts';
import { symbolsService } from './index.ts';

describe('CSV of OHLCV bars', () => {
  it('reads a header in any order and case, with optional open, high, low and volume', () => {
    const { bars, errors } = parseOhlcvCsv('Close,DATE,Volume\n10.5,2026-01-06,100\n10,2026-01-05,0\n', '1d');
    assert.deepEqual(errors, []);
    assert.deepEqual(bars, [
      { start: Date.UTC(2026, 0, 5), open: 10, high: 10, low: 10, close: 10, volume: 0 },
      { start: Date.UTC(2026, 0, 6), open: 10.5, high: 10.5, low: 10.5, close: 10.5, volume: 100 },
    ]);
  });

  it('names the line and the reason of every row that does not read', () => {
    const csv = [
      'date,open,high,low,close,volume',
      '2026-01-05,10,11,9,10.5,100', // line 2: fine
      '2026-02-30,10,11,9,10.5,100', // no such date
      '2026-01-06,10,11,9,12,100', // close above high
      '2026-01-07,10,11,9,abc,100', // close not a number
      '2026-01-08,-1,11,-2,10,100', // negative prices
      '2026-01-09,10,11,9,10,-5', // negative volume
      '2026-01-05,10,11,9,10.5,100', // line 8: the date of line 2 again
      '2026-01-10T10:00:00Z,10,11,9,10,1', // not a daily bucket start
      '2026-01-11,10,11,9,,1', // close missing
    ].join('\n');
    const { bars, errors, rows } = parseOhlcvCsv(csv, '1d');
    assert.equal(rows, 9);
    assert.equal(bars.length, 1);
    assert.deepEqual(
      errors.map((e) => e.line),
      [3, 4, 5, 6, 7, 8, 9, 10],
    );
    assert.match(errors[0]!.message, /not a date/);
    assert.match(errors[1]!.message, /low ≤ open, close ≤ high/);
    assert.match(errors[2]!.message, /close is not a number/);
    assert.match(errors[3]!.message, /positive/);
    assert.match(errors[4]!.message, /volume/);
    assert.match(errors[5]!.message, /line 2/);
    assert.match(errors[6]!.message, /start of a 1d bar/);
    assert.match(errors[7]!.message, /close is missing/);
  });

  it('reads intraday instants with their offset and refuses a header without date or close', () => {
    const { bars } = parseOhlcvCsv('timestamp,close\n2026-01-05T09:35:00-05:00,5\n', '5m');
    assert.equal(bars[0]?.start, Date.UTC(2026, 0, 5, 14, 35));
    assert.match(parseOhlcvCsv('when,price\n2026-01-05,1\n', '1d').errors[0]!.message, /date and a close/);
    assert.match(parseOhlcvCsv('', '1d').errors[0]!.message, /empty/);
    assert.match(parseOhlcvCsv('date,close\n"2026-01-05,1\n', '1d').errors[0]!.message, /not CSV/);
  });
});

describe('manual series and CSV import (routes)', async () => {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const running = await startProcess({
    config: { ...config, database: { kind: 'pglite', dir: 'memory://' } },
    modules: [symbolsService],
    listen: false,
  });
  after(() => running.stop());
  const { store } = running.ctx;
  const keyFor = async (readOnly: boolean) => {
    const user = await store.auth.createUser({
      id: crypto.randomUUID(),
      email: `u${readOnly}@example.com`,
      passwordHash: 'x',
      role: 'user',
    });
    const key = `${API_KEY_PREFIX}manual-test-${crypto.randomUUID()}`;
    await store.auth.createApiKey({
      id: crypto.randomUUID(),
      userId: user.id,
      name: 't',
      keyHash: hashSecret(key),
      prefix: key.slice(0, 8),
      readOnly,
    });
    return key;
  };
  const writer = await keyFor(false);
  const reader = await keyFor(true);
  for (const symbol of ['PRIVFUND', 'HOUSE'])
    await store.instruments.insert({
      symbol,
      name: symbol,
      exchange: 'NYSE',
      assetClass: 'equity',
      currency: 'USD',
      tickSize: 0.01,
      lotSize: 1,
      streamable: false,
    });
  const upload = async (query: string, csv: string, key: string | null = writer) => {
    const r = await running.app.inject({
      method: 'POST',
      url: `/api/v1/etl/import?${query}`,
      payload: csv,
      headers: { 'content-type': 'text/csv', ...(key ? { 'x-api-key': key } : {}) },
    });
    return { status: r.statusCode, body: r.json() };
  };
  const daily = async (symbol: string) =>
    (await store.bars.range(symbol, '1d', { limit: 100 })).map((b) => [new Date(b.start).toISOString().slice(0, 10), b.close]);

  it('takes a CSV far larger than the JSON limit, and refuses a JSON body past the default limit with 413', async () => {
    // 3 MiB of rows, each invalid: read whole (a 400 listing rows), not refused for its size.
    const rows = 'date,close\n' + '2026-01-05,-1\n'.repeat(220_000);
    const csv = await upload('symbol=PRIVFUND', rows);
    assert.equal(csv.status, 400, JSON.stringify(csv.body).slice(0, 200));
    const json = await running.app.inject({
      method: 'POST',
      url: '/api/v1/etl/import?symbol=PRIVFUND',
      payload: JSON.stringify({ data: 'x'.repeat(2 * 1024 * 1024) }),
      headers: { 'content-type': 'application/json', 'x-api-key': writer! },
    });
    assert.equal(json.statusCode, 413);
  });

  it('imports nothing when a row is not valid, and says which rows', async () => {
    const r = await upload('symbol=PRIVFUND', 'date,close\n2026-01-05,100\n2026-01-06,-3\n2026-01-07,x\n');
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, 'bad_request');
    assert.deepEqual(
      r.body.error.details.errors.map((e: { line: number }) => e.line),
      [3, 4],
    );
    assert.deepEqual(await daily('PRIVFUND'), []);
  });

  it('imports the valid rows with partial=true and reports the others', async () => {
    const r = await upload('symbol=PRIVFUND&partial=true', 'date,close\n2026-01-05,100\n2026-01-06,-3\n2026-01-07,102\n');
    assert.equal(r.status, 200);
    assert.deepEqual([r.body.rows, r.body.inserted, r.body.updated, r.body.rejected.length], [3, 2, 0, 1]);
    assert.deepEqual(await daily('PRIVFUND'), [
      ['2026-01-05', 100],
      ['2026-01-07', 102],
    ]);
  });

  it('prices a manual series by hand, a date posted again replacing its close, and quotes the latest', async () => {
    const post = (body: unknown, key = writer) =>
      running.app.inject({
        method: 'POST',
        url: '/api/v1/symbols/PRIVFUND/prices',
        payload: body as object,
        headers: { 'x-api-key': key },
      });
    const r = await post([
      { date: '2026-01-07', close: 103 },
      { date: '2026-01-08', close: 104 },
    ]);
    assert.equal(r.statusCode, 200);
    assert.deepEqual([r.json().inserted, r.json().updated], [1, 1]);
    assert.deepEqual(await daily('PRIVFUND'), [
      ['2026-01-05', 100],
      ['2026-01-07', 103],
      ['2026-01-08', 104],
    ]);
    assert.equal((await store.quotes.latest(['PRIVFUND'])).get('PRIVFUND')?.last, 104);
    assert.equal((await post([{ date: '2026-02-30', close: 1 }])).statusCode, 400);
    assert.equal((await post([{ date: '2026-01-09', close: 0 }])).statusCode, 400);
    assert.equal((await post([])).statusCode, 400);
    assert.equal((await post([{ date: '2026-01-09', close: 1 }], reader)).statusCode, 403);
  });

  it('needs write access, a known symbol, and refuses a symbol with market data from another source', async () => {
    assert.equal((await upload('symbol=HOUSE', 'date,close\n2026-01-05,1\n', null)).status, 401);
    assert.equal((await upload('symbol=HOUSE', 'date,close\n2026-01-05,1\n', reader)).status, 403);
    assert.equal((await upload('symbol=NOPE', 'date,close\n2026-01-05,1\n')).status, 404);
    assert.equal((await upload('symbol=bad%20symbol', 'date,close\n2026-01-05,1\n')).status, 400);
    await store.ticks.ingest([{ symbol: 'AAPL', ts: Date.UTC(2026, 0, 5, 15), seq: 1, price: 1, size: 1, bid: 1, ask: 1 }]);
    const r = await upload('symbol=AAPL', 'date,close\n2026-01-05,1\n');
    assert.equal(r.status, 409);
    assert.match(r.body.error.message, /another source/);
  });
});
