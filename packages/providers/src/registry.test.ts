import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConfigError, loadConfig } from '@bourse/core';
import { MemoryCache } from '@bourse/cache';
import { createProviders } from './registry.ts';
import { fixture, fixtureServer } from './testing/fixture-server.ts';

describe('createProviders', () => {
  let server: Awaited<ReturnType<typeof fixtureServer>>;
  let failing = false;
  before(async () => {
    server = await fixtureServer(() =>
      failing ? { status: 503, body: '{}' } : { body: fixture(import.meta.url, './yahoo/fixtures/ok/aapl-1d.json') },
    );
  });
  after(() => server.close());

  it('builds the enabled connectors from configuration, in order, with the default symbol mapping', () => {
    const config = loadConfig({ BOURSE_PROVIDERS: 'synthetic,yahoo,coingecko,binance,vci', BOURSE_YAHOO_URL: `${server.url}/` });
    assert.equal(config.providers.yahoo.url, server.url);
    assert.equal(config.providers.binance.wsUrl, 'wss://stream.binance.com:9443');
    const providers = createProviders(config, { counter: new MemoryCache() });
    assert.deepEqual(
      providers.list.map((p) => p.id),
      ['yahoo', 'coingecko', 'binance', 'vci'],
    );
    assert.equal(providers.yahoo?.providerSymbol('AAPL'), 'AAPL');
    assert.equal(providers.coingecko?.providerSymbol('BTC-USD'), 'bitcoin');
    assert.equal(providers.binance?.providerSymbol('BTC-USD'), 'BTCUSDT');
    assert.equal(providers.vci?.providerSymbol('FPT'), 'FPT');
    assert.equal(providers.yahoo?.providerSymbol('FPT'), undefined);
    assert.ok(providers.live(['BTC-USD'], () => {}));
    const overridden = createProviders(config, { counter: new MemoryCache(), symbols: { FPT: { vci: 'FPT', yahoo: 'FPT.VN' } } });
    assert.equal(overridden.yahoo?.providerSymbol('FPT'), 'FPT.VN');
  });

  it('defaults to the synthetic market only, and names a bad source in one line', () => {
    const config = loadConfig({});
    assert.deepEqual(config.providers.enabled, ['synthetic']);
    assert.equal(createProviders(config, { counter: new MemoryCache() }).list.length, 0);
    assert.throws(
      () => loadConfig({ BOURSE_PROVIDERS: 'yahoo,bloomberg' }),
      (e: unknown) => e instanceof ConfigError && /BOURSE_PROVIDERS.*unknown: bloomberg/.test(e.message),
    );
    assert.throws(
      () => loadConfig({ BOURSE_BINANCE_WS_URL: 'https://x' }),
      (e: unknown) => e instanceof ConfigError && /BOURSE_BINANCE_WS_URL/.test(e.message),
    );
  });

  it('reports an open breaker as degraded on /ready and as 2 on the breaker gauge', async () => {
    const config = loadConfig({ BOURSE_PROVIDERS: 'yahoo', BOURSE_YAHOO_URL: server.url });
    const changes: string[] = [];
    const providers = createProviders(config, {
      counter: new MemoryCache(),
      resilience: { yahoo: { maxAttempts: 1, breakerThreshold: 1, halfOpenAfterMs: 60_000 } },
      onBreakerChange: (id, state) => changes.push(`${id}:${state}`),
    });
    const gauge: Record<string, number> = {};
    let collect: ((g: { set(labels: { provider: string }, value: number): void }) => void) | undefined;
    providers.registerMetrics({
      gauge: (name, _help, _labels, c) => {
        assert.equal(name, 'provider_breaker_state');
        collect = c;
      },
    });
    const scrape = () => collect?.({ set: ({ provider }, value) => (gauge[provider] = value) });
    assert.deepEqual(providers.readiness(), { 'provider:yahoo': { ok: true } });
    scrape();
    assert.equal(gauge['yahoo'], 0);
    failing = true;
    await assert.rejects(providers.chain('AAPL').quote('AAPL'));
    assert.deepEqual(providers.readiness(), { 'provider:yahoo': { ok: true, detail: 'degraded: breaker open' } });
    scrape();
    assert.equal(gauge['yahoo'], 2);
    assert.deepEqual(changes, ['yahoo:open']);
  });
});
