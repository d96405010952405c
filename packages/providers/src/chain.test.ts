import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MemoryCache } from '@bourse/cache';
import { NoSourceError, ProviderChain } from './chain.ts';
import { coingeckoErrorText, createCoinGecko } from './coingecko/coingecko.ts';
import { symbolResolver } from './symbols.ts';
import { type Answer, fixture, fixtureServer } from './testing/fixture-server.ts';
import { testHttp } from './testing/transport.ts';
import { createYahoo, yahooErrorText } from './yahoo/yahoo.ts';

const yahooChart = fixture(import.meta.url, './yahoo/fixtures/ok/aapl-1d.json').replaceAll('"AAPL"', '"BTC-USD"');
const simplePrice = fixture(import.meta.url, './coingecko/fixtures/ok/simple-price.json');

describe('provider chain: fallback, then the last good value marked stale', () => {
  let yahoo: Awaited<ReturnType<typeof fixtureServer>>;
  let coingecko: Awaited<ReturnType<typeof fixtureServer>>;
  let yahooAnswer: Answer = { body: yahooChart };
  let coingeckoAnswer: Answer = { body: simplePrice };
  before(async () => {
    yahoo = await fixtureServer(() => yahooAnswer);
    coingecko = await fixtureServer(() => coingeckoAnswer);
  });
  after(async () => {
    await yahoo.close();
    await coingecko.close();
  });

  it('falls back when the first source fails, stops calling it once its breaker opens, and serves stale when all fail', async () => {
    let now = 1_700_000_000_000;
    const lastGood = new MemoryCache();
    const fast = { maxAttempts: 1, breakerThreshold: 2, halfOpenAfterMs: 60_000 };
    const yahooHttp = testHttp('yahoo', yahoo.url, { errorText: yahooErrorText, resilience: fast });
    const providers = [
      createYahoo({ http: yahooHttp, symbols: symbolResolver('yahoo') }),
      createCoinGecko({
        http: testHttp('coingecko', coingecko.url, { errorText: coingeckoErrorText, resilience: fast }),
        symbols: symbolResolver('coingecko'),
      }),
    ];
    const chain = new ProviderChain({ providers, lastGood, now: () => now });

    // Yahoo answers first while it is well.
    const first = await chain.quote('BTC-USD');
    assert.deepEqual([first.source, first.stale, first.value.last], ['yahoo', false, 221.27]);

    // Yahoo fails: CoinGecko answers; after two failures Yahoo's breaker is open and it is not called.
    yahooAnswer = { status: 503, body: '{}' };
    for (let i = 0; i < 2; i++) {
      const served = await chain.quote('BTC-USD');
      assert.deepEqual([served.source, served.stale, served.value.last], ['coingecko', false, 67187.34]);
    }
    assert.equal(yahooHttp['options'].resilience.state, 'open');
    const yahooCalls = yahoo.seen.length;
    await chain.quote('BTC-USD');
    assert.equal(yahoo.seen.length, yahooCalls);

    // Every source fails: the last good value, stale, with its age and why.
    coingeckoAnswer = { status: 500, body: '{"error":"internal"}' };
    now += 90_000;
    const stale = await chain.quote('BTC-USD');
    assert.equal(stale.stale, true);
    assert.equal(stale.source, 'coingecko');
    assert.equal(stale.value.last, 67187.34);
    assert.ok(stale.stale && stale.ageMs === 90_000);
    assert.ok(stale.stale && stale.errors.some((e) => /circuit open/.test(e)) && stale.errors.some((e) => /HTTP 500/.test(e)));

    // Nothing kept for a symbol never served: an error naming each failure.
    await assert.rejects(chain.quote('ETH-USD'), (e: unknown) => e instanceof NoSourceError && e.errors.length === 2);
    await lastGood.close();
  });
});
