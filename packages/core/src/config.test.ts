import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to the embedded shape on port 8080', () => {
    const c = loadConfig({});
    assert.equal(c.port, 8080);
    assert.deepEqual(c.bus, { kind: 'memory' });
    assert.equal(c.database.kind, 'pglite');
    assert.deepEqual(c.cache, { kind: 'memory' });
    assert.equal(c.feed.rate, 200);
    assert.ok(Object.isFrozen(c) && Object.isFrozen(c.feed));
  });

  it('reads the distributed shape from URLs', () => {
    const c = loadConfig({
      BOURSE_BUS: 'nats://a:4222,nats://b:4222',
      BOURSE_DATABASE_URL: 'postgres://u@h:5432/db',
      BOURSE_CACHE_URL: 'redis://h:6379',
      BOURSE_MARKET_DATA_URL: 'http://md:8080/',
    });
    assert.deepEqual(c.bus, { kind: 'nats', servers: ['nats://a:4222', 'nats://b:4222'] });
    assert.deepEqual(c.database, { kind: 'postgres', url: 'postgres://u@h:5432/db' });
    assert.deepEqual(c.cache, { kind: 'redis', url: 'redis://h:6379' });
    assert.equal(c.serviceUrls['market-data'], 'http://md:8080');
  });

  const bad: [Record<string, string>, string, RegExp][] = [
    [{ PORT: 'eighty' }, 'PORT', /must be an integer from 0 to 65535 \(got "eighty"\)/],
    [{ PORT: '70000' }, 'PORT', /must be an integer/],
    [{ BOURSE_BUS: 'kafka://x' }, 'BOURSE_BUS', /must be "memory" or a nats:\/\/ URL|scheme nats/],
    [{ BOURSE_DATABASE_URL: 'mysql://x' }, 'BOURSE_DATABASE_URL', /scheme postgres or postgresql/],
    [{ BOURSE_CACHE_URL: 'not a url' }, 'BOURSE_CACHE_URL', /scheme redis or rediss/],
    [{ BOURSE_FEED_RATE: '-1' }, 'BOURSE_FEED_RATE', /number from 0/],
    [{ BOURSE_FEED_ENABLED: 'maybe' }, 'BOURSE_FEED_ENABLED', /true or false/],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /one of fatal, error/],
    [{ BOURSE_SYMBOLS_URL: 'ftp://x' }, 'BOURSE_SYMBOLS_URL', /scheme http or https/],
  ];
  for (const [env, variable, message] of bad) {
    it(`names ${variable} when it is invalid`, () => {
      assert.throws(
        () => loadConfig(env),
        (err: unknown) =>
          err instanceof ConfigError && err.variable === variable && message.test(err.message) && err.message.startsWith(variable),
      );
    });
  }
});
