import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '@bourse/core';
import { type RunningProcess, startProcess } from '@bourse/kit';
import { marketDataService } from './index.ts';

/** Market-data's refusals through inject on the embedded adapters: nothing is stored, so nothing is quoted. */
describe('market-data routes with an empty store', () => {
  let running: RunningProcess<'bus' | 'store' | 'cache'>;
  before(async () => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    running = await startProcess({
      config: { ...config, database: { kind: 'pglite', dir: 'memory://' } },
      modules: [marketDataService],
      listen: false,
    });
  });
  after(() => running.stop());

  it('answers 404 with the error body for a symbol that has no trade', async () => {
    const r = await running.app.inject({ method: 'GET', url: '/api/v1/quotes/NOSUCH' });
    assert.equal(r.statusCode, 404);
    assert.equal(r.json().error.code, 'not_found');
  });

  it('refuses a quotes request for more than 100 symbols with 400', async () => {
    const symbols = Array.from({ length: 101 }, (_, i) => `S${i}`).join(',');
    const r = await running.app.inject({ method: 'GET', url: `/api/v1/quotes?symbols=${symbols}` });
    assert.equal(r.statusCode, 400);
    assert.deepEqual(r.json().error, { code: 'bad_request', message: 'querystring.symbols must list 1 to 100 symbols' });
  });
});
