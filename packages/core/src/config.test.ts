import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to the embedded shape on port 8080', () => {
    const c = loadConfig({});
    assert.equal(c.port, 8080);
    assert.deepEqual(c.bus, { kind: 'memory', maxRetryDelayMs: 30_000 });
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
    assert.deepEqual(c.bus, { kind: 'nats', servers: ['nats://a:4222', 'nats://b:4222'], maxRetryDelayMs: 30_000 });
    assert.deepEqual(c.database, { kind: 'postgres', url: 'postgres://u@h:5432/db', statementTimeoutMs: 60_000 });
    assert.deepEqual(loadConfig({ BOURSE_DATABASE_URL: 'postgres://h/db', BOURSE_DATABASE_STATEMENT_TIMEOUT_MS: '0' }).database, {
      kind: 'postgres',
      url: 'postgres://h/db',
      statementTimeoutMs: 0,
    });
    assert.throws(
      () => loadConfig({ BOURSE_DATABASE_URL: 'postgres://h/db', BOURSE_DATABASE_STATEMENT_TIMEOUT_MS: 'soon' }),
      /BOURSE_DATABASE_STATEMENT_TIMEOUT_MS/,
    );
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
    [{ PORT: '80.5' }, 'PORT', /must be an integer from 0 to 65535 \(got "80\.5"\)/],
    [{ PORT: '0x50' }, 'PORT', /must be an integer/],
    [{ BOURSE_FEED_RATE: 'Infinity' }, 'BOURSE_FEED_RATE', /must be a number from 0 to 10000000 \(got "Infinity"\)/],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV', /must be one of development, production, test \(got "staging"\)/],
    [{ BOURSE_RATE_LIMIT_ENABLED: 'sometimes' }, 'BOURSE_RATE_LIMIT_ENABLED', /must be true or false \(got "sometimes"\)/],
    [{ BOURSE_JWT_PUBLIC_KEY: 'abc' }, 'BOURSE_JWT_PUBLIC_KEY', /PEM block/],
    [{ BOURSE_CHAIN_UNDERLYINGS: 'SPX,NOPE' }, 'BOURSE_CHAIN_UNDERLYINGS', /unknown: NOPE/],
    [{ OTEL_TRACES_EXPORTER: 'zipkin' }, 'OTEL_TRACES_EXPORTER', /must be one of otlp, none \(got "zipkin"\)/],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT', /scheme http or https/],
    [{ OTEL_EXPORTER_OTLP_HEADERS: 'novalue' }, 'OTEL_EXPORTER_OTLP_HEADERS', /key=value/],
    [{ OTEL_EXPORTER_OTLP_TIMEOUT: '0' }, 'OTEL_EXPORTER_OTLP_TIMEOUT', /must be an integer from 1 to 600000/],
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

  it('reads true and false in the usual words, any case', () => {
    for (const yes of ['1', 'true', 'YES', 'On']) assert.equal(loadConfig({ BOURSE_FEED_ENABLED: yes }).feed.enabled, true);
    for (const no of ['0', 'false', 'No', 'OFF']) assert.equal(loadConfig({ BOURSE_FEED_ENABLED: no }).feed.enabled, false);
  });

  it('takes a blank variable as unset', () => {
    const c = loadConfig({ PORT: '  ', BOURSE_FEED_RATE: '', LOG_LEVEL: ' debug ' });
    assert.equal(c.port, 8080);
    assert.equal(c.feed.rate, 200);
    assert.equal(c.logLevel, 'debug');
  });

  it('is quiet under NODE_ENV=test and keeps its rate limits unless told otherwise', () => {
    const c = loadConfig({ NODE_ENV: 'test' });
    assert.equal(c.logLevel, 'silent');
    assert.equal(c.edge.rateLimit.enabled, true);
    assert.equal(loadConfig({ NODE_ENV: 'test', BOURSE_RATE_LIMIT_ENABLED: 'false' }).edge.rateLimit.enabled, false);
    assert.equal(loadConfig({}).edge.rateLimit.enabled, true);
    assert.equal(loadConfig({}).logLevel, 'info');
  });

  it('leaves tracing off unless the OTEL variables ask for it', () => {
    assert.equal(loadConfig({}).tracing.enabled, false);
    assert.equal(loadConfig({ OTEL_TRACES_EXPORTER: 'otlp' }).tracing.enabled, true);
    assert.equal(loadConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces' }).tracing.enabled, true);
    assert.equal(loadConfig({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }).tracing.enabled, false);
    assert.equal(loadConfig({ OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'otlp' }).tracing.enabled, false);
  });

  it('reads the OTLP exporter settings as the OpenTelemetry specification defines them', () => {
    assert.equal(loadConfig({ OTEL_TRACES_EXPORTER: 'otlp' }).tracing.endpoint, 'http://localhost:4318/v1/traces');
    const c = loadConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector:4318/',
      OTEL_EXPORTER_OTLP_HEADERS: 'api-key=a%20b, tenant=one',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'tenant=two',
      OTEL_EXPORTER_OTLP_TIMEOUT: '5000',
      OTEL_SERVICE_NAME: 'bourse-edge',
    });
    // The base endpoint gets the signal's path; the traces endpoint is used as given.
    assert.equal(c.tracing.endpoint, 'https://collector:4318/v1/traces');
    assert.deepEqual(c.tracing.headers, { 'api-key': 'a b', tenant: 'two' });
    assert.equal(c.tracing.timeoutMs, 5000);
    assert.equal(c.tracing.serviceName, 'bourse-edge');
    const traces = loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:9999/t' });
    assert.equal(traces.tracing.endpoint, 'http://b:9999/t');
  });
});
