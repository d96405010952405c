import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import Type, { type Static, type TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { CATALOG, DEFAULT_CHAIN_UNDERLYINGS } from './catalog.ts';

/**
 * The one configuration object of a process, built once from the environment.
 * Nothing else reads process.env. Every setting is declared here with its
 * default and what it expects, so a bad value stops start-up with one line
 * naming the variable.
 */
export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly instanceId: string;
  /** `memory` or a NATS URL (nats://host:port[,nats://...]) */
  readonly bus: ({ readonly kind: 'memory' } | { readonly kind: 'nats'; readonly servers: readonly string[] }) & {
    /** BOURSE_BUS_RETRY_MAX_MS: cap of the backoff between retries of a message whose handler met a transient failure (loadConfig always sets it; default 30 s). */
    readonly maxRetryDelayMs?: number;
  };
  /** PGlite under dataDir, or a PostgreSQL URL */
  readonly database:
    | { readonly kind: 'pglite'; readonly dir: string }
    /** statementTimeoutMs: BOURSE_DATABASE_STATEMENT_TIMEOUT_MS, the longest any statement may run (0: no limit) */
    | { readonly kind: 'postgres'; readonly url: string; readonly statementTimeoutMs?: number };
  readonly cache: { readonly kind: 'memory' } | { readonly kind: 'redis'; readonly url: string };
  readonly feed: { readonly seed: number; readonly rate: number; readonly batchLingerMs: number; readonly enabled: boolean };
  readonly ingest: { readonly batchSize: number; readonly maxWaitMs: number };
  /** Synthetic option chains: published by the feed on md.chain.<underlying> every `intervalMs`. */
  readonly chains: { readonly enabled: boolean; readonly intervalMs: number; readonly underlyings: readonly string[] };
  /** Base URLs of services the gateway proxies to (distributed shape), keyed by service name. */
  readonly serviceUrls: Readonly<Record<string, string>>;
  readonly auth: AuthConfig;
  readonly edge: EdgeConfig;
  readonly logs: LogsConfig;
  /** BOURSE_OPTIONS_RETENTION_HOURS: how long the options service keeps analytics history (PCR trend, ...); default 168. */
  readonly options: { readonly retentionHours: number };
  /**
   * BOURSE_AI_DEFAULT_MODEL: train the default model (logistic, daily bars, 5-day horizon) when no
   * active one exists, as soon as the history allows (default true); BOURSE_AI_JOB_POLL_MS: how
   * often an idle ai worker looks for training jobs (default 2000).
   */
  readonly ai: { readonly defaultModel: boolean; readonly jobPollMs: number };
  /**
   * BOURSE_INSIGHTS_WEIGHTS: the composite score's weights, `technical=0.4,ai=0.3,sentiment=0.2,options=0.1`
   * (the default); a component left out weighs 0.
   */
  readonly insights: { readonly weights: Readonly<Record<'technical' | 'ai' | 'sentiment' | 'options', number>> };
  readonly tracing: TracingConfig;
  readonly providers: ProvidersConfig;
  readonly nats: NatsConfig;
  readonly etl: EtlConfig;
}

/**
 * The sources Bourse collects from, the same ids in configuration (BOURSE_PROVIDERS), ETL jobs, stored
 * bars and the API (`source=`).
 */
export const SOURCE_IDS = ['synthetic', 'vci', 'yahoo', 'alphavantage', 'coingecko', 'fred', 'binance', 'manual'] as const;
export type SourceId = (typeof SOURCE_IDS)[number];

/** Real market-data providers: which are enabled, and each one's root URL (the provider's public one by default) and key. */
export interface ProvidersConfig {
  /** BOURSE_PROVIDERS: enabled sources in order of preference (default: the synthetic market only). */
  readonly enabled: readonly SourceId[];
  readonly yahoo: { readonly url: string };
  readonly alphavantage: { readonly url: string; readonly key: string | undefined };
  readonly coingecko: { readonly url: string; readonly key: string | undefined };
  readonly fred: { readonly url: string; readonly key: string | undefined };
  readonly vci: { readonly url: string };
  readonly binance: { readonly url: string; readonly wsUrl: string };
}

/**
 * JetStream and the publish side of the NATS bus (the distributed shape; the in-process bus ignores it).
 * What a publisher could not hand to NATS (timeout, connection closed, no responders) waits in a bounded
 * outbox and is resent in order with the same message ids; JetStream's duplicate window must outlast
 * the resends so that a message stored before its ack was lost is not stored twice.
 */
export interface NatsConfig {
  /** BOURSE_NATS_REPLICAS: copies of every stream in a NATS cluster (1 on a single server, 3 in a cluster). */
  readonly replicas: number;
  /** BOURSE_NATS_DUPLICATE_WINDOW_MS: how long JetStream remembers message ids (default 5 minutes). */
  readonly duplicateWindowMs: number;
  /** BOURSE_NATS_MAX_BYTES: the bytes all streams together may keep on disk, shared out per stream (default 16 GiB). */
  readonly maxBytes: number;
  readonly outbox: {
    /** BOURSE_PUBLISH_BUFFER_MESSAGES: messages held while NATS is away (default 100,000). */
    readonly maxMessages: number;
    /** BOURSE_PUBLISH_BUFFER_BYTES: bytes held while NATS is away (default 64 MiB). */
    readonly maxBytes: number;
    /** BOURSE_PUBLISH_BUFFER_POLICY: when full, drop the oldest held message (default) or refuse the new one. */
    readonly policy: 'drop-oldest' | 'reject-new';
    /** BOURSE_PUBLISH_CLOSE_TIMEOUT_MS: how long a closing process tries to flush what is held (default 10 s). */
    readonly closeTimeoutMs: number;
  };
}

/** One scheduled ETL collection (BOURSE_ETL_SCHEDULES, or the shipped Vietnamese-universe example). */
export interface EtlSchedule {
  readonly name: string;
  /** cron expression (five fields, or six with seconds first) */
  readonly cron: string;
  readonly source: string;
  readonly symbols: readonly string[];
  readonly interval: '1m' | '5m' | '15m' | '1h' | '1d';
  /** each run collects [now - lookback, now) */
  readonly lookbackMs: number;
  readonly enabled: boolean;
}

/** The etl service: job workers, the synthetic backfill and schedules. */
export interface EtlConfig {
  /** BOURSE_ETL_WORKERS: jobs one etl process runs at a time (0: it only serves the API). */
  readonly workers: number;
  /** BOURSE_ETL_LEASE_MS: how long a job's lease lasts without renewal; a dead worker's job is taken over after it. */
  readonly leaseMs: number;
  /** BOURSE_ETL_POLL_MS: how often an idle worker looks for a job. */
  readonly pollMs: number;
  /** BOURSE_ETL_BACKFILL: load the synthetic market's history on start (and after a gap). */
  readonly backfill: { readonly enabled: boolean; readonly dailyDays: number; readonly minuteDays: number };
  readonly schedules: readonly EtlSchedule[];
}

/**
 * OpenTelemetry tracing, from the standard OTEL_* variables: off unless OTEL_EXPORTER_OTLP_ENDPOINT
 * (or _TRACES_ENDPOINT) or OTEL_TRACES_EXPORTER=otlp is set; OTEL_SDK_DISABLED=true or
 * OTEL_TRACES_EXPORTER=none turns it off.
 */
export interface TracingConfig {
  readonly enabled: boolean;
  /**
   * Where spans go (OTLP/HTTP): OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given, else OTEL_EXPORTER_OTLP_ENDPOINT
   * with /v1/traces appended, else http://localhost:4318/v1/traces.
   */
  readonly endpoint: string;
  /** OTEL_EXPORTER_OTLP_HEADERS, then OTEL_EXPORTER_OTLP_TRACES_HEADERS over it: `key=value,...` (values URL-encoded). */
  readonly headers: Readonly<Record<string, string>>;
  /** OTEL_EXPORTER_OTLP_TRACES_TIMEOUT, else OTEL_EXPORTER_OTLP_TIMEOUT: milliseconds per export (default 10,000). */
  readonly timeoutMs: number;
  /** OTEL_SERVICE_NAME: the name spans are reported under (default: bourse-<the services of the process>). */
  readonly serviceName: string | undefined;
}

/** Central logs: every process's log lines also go to the bus (logs.<service>); the logs service keeps them. */
export interface LogsConfig {
  /** BOURSE_LOG_BUS: send log lines to the bus (default true). */
  readonly toBus: boolean;
  /** BOURSE_LOG_BUS_RATE: lines per second per process sent in full; past it, errors are kept and 1 in 10 others. */
  readonly busRatePerSecond: number;
  /** BOURSE_LOG_STDOUT: also write lines to stdout (default true). */
  readonly stdout: boolean;
  /** BOURSE_LOG_RETENTION_HOURS: how long the logs service keeps lines (default 72). */
  readonly retentionHours: number;
}

/**
 * Accounts and tokens. The auth service signs access tokens with an Ed25519 key; every
 * process verifies them with the public key (its own copy, or the auth service's JWKS).
 */
export interface AuthConfig {
  /** BOURSE_JWT_PRIVATE_KEY: PKCS#8 PEM (`\n` escapes allowed), or BOURSE_JWT_KEY_FILE: a file holding it. */
  readonly privateKeyPem: string | undefined;
  readonly keyFile: string | undefined;
  /** BOURSE_JWT_PUBLIC_KEY: SPKI PEM, for processes that verify but do not sign. */
  readonly publicKeyPem: string | undefined;
  readonly issuer: string;
  readonly accessTtlSeconds: number;
  readonly refreshTtlSeconds: number;
  /** BOURSE_ADMIN_PASSWORD: read by `bourse users create` only. */
  readonly adminPassword: string | undefined;
}

/** The HTTP edge: CORS and rate limits, and whose forwarding headers a process believes. */
export interface EdgeConfig {
  /**
   * BOURSE_TRUST_PROXY: the peers whose X-Forwarded-For this process believes (Fastify's `trustProxy`):
   * IP addresses, CIDR ranges and the names `loopback`, `linklocal`, `uniquelocal`. Empty (the default,
   * for a process callers reach directly): the caller is the socket's peer and the header is ignored.
   */
  readonly trustProxy: readonly string[];
  /** Origins allowed by CORS (BOURSE_CORS_ORIGINS, comma-separated); none by default. */
  readonly corsOrigins: readonly string[];
  readonly rateLimit: {
    readonly enabled: boolean;
    readonly windowMs: number;
    /** Requests per window for a caller without credentials (by IP). */
    readonly anonymousMax: number;
    /** Requests per window for a signed-in user or an API key. */
    readonly userMax: number;
    /** Counters in Redis (shared by every gateway) or in process memory. */
    readonly redisUrl: string | undefined;
    /** When Redis is unreachable: refuse with 503 (false, the default) or let requests through. */
    readonly failOpen: boolean;
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly variable: string;
  constructor(variable: string, message: string) {
    super(`${variable} ${message}`);
    this.variable = variable;
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function read(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

const integer = (minimum: number, maximum: number, def: number) => Type.Integer({ minimum, maximum, default: def });
const number = (minimum: number, maximum: number, def: number) => Type.Number({ minimum, maximum, default: def });
const flag = (def: boolean) => Type.Boolean({ default: def });
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Every plain setting: its type, range or allowed values, and default. Settings with more structure
 * (URLs, lists, keys) are text here and read further by the functions below; a default that depends
 * on another setting (the log level and rate limits under NODE_ENV=test) is left out and given in
 * loadConfig.
 */
const EnvSchema = Type.Object({
  NODE_ENV: Type.Enum(['development', 'production', 'test'], { default: 'development' }),
  HOST: Type.String({ default: '0.0.0.0' }),
  PORT: integer(0, 65535, 8080),
  BOURSE_DATA_DIR: Type.String({ default: './data' }),
  LOG_LEVEL: Type.Optional(Type.Enum([...LOG_LEVELS])),
  BOURSE_INSTANCE_ID: Type.Optional(Type.String()),
  BOURSE_BUS: Type.String({ default: 'memory' }),
  BOURSE_BUS_RETRY_MAX_MS: integer(1, 3_600_000, 30_000),
  BOURSE_DATABASE_URL: Type.Optional(Type.String()),
  BOURSE_DATABASE_STATEMENT_TIMEOUT_MS: integer(0, 3_600_000, 60_000),
  BOURSE_CACHE_URL: Type.Optional(Type.String()),
  BOURSE_SEED: integer(0, 2 ** 32 - 1, 42),
  BOURSE_FEED_RATE: number(0, 10_000_000, 200),
  BOURSE_FEED_LINGER_MS: integer(0, 10_000, 50),
  BOURSE_FEED_ENABLED: flag(true),
  BOURSE_INGEST_BATCH_SIZE: integer(1, 100_000, 20_000),
  BOURSE_INGEST_MAX_WAIT_MS: integer(0, 60_000, 100),
  BOURSE_CHAINS_ENABLED: flag(true),
  BOURSE_CHAIN_INTERVAL_MS: integer(100, 3_600_000, 5000),
  BOURSE_JWT_PRIVATE_KEY: Type.Optional(Type.String()),
  BOURSE_JWT_KEY_FILE: Type.Optional(Type.String()),
  BOURSE_JWT_PUBLIC_KEY: Type.Optional(Type.String()),
  BOURSE_JWT_ISSUER: Type.String({ default: 'bourse' }),
  BOURSE_ACCESS_TOKEN_TTL_S: integer(30, 86_400, 900),
  BOURSE_REFRESH_TOKEN_TTL_S: integer(60, 365 * 86_400, 30 * 86_400),
  BOURSE_TRUST_PROXY: Type.Optional(Type.String()),
  BOURSE_CORS_ORIGINS: Type.String({ default: '' }),
  BOURSE_RATE_LIMIT_ENABLED: Type.Optional(Type.Boolean()),
  BOURSE_RATE_LIMIT_WINDOW_MS: integer(1000, 86_400_000, 60_000),
  BOURSE_RATE_LIMIT_ANONYMOUS: integer(1, 10_000_000, 300),
  BOURSE_RATE_LIMIT_USER: integer(1, 10_000_000, 1200),
  BOURSE_RATE_LIMIT_REDIS_URL: Type.Optional(Type.String()),
  BOURSE_RATE_LIMIT_FAIL_OPEN: flag(false),
  BOURSE_LOG_BUS: flag(true),
  BOURSE_LOG_BUS_RATE: integer(1, 1_000_000, 200),
  BOURSE_LOG_STDOUT: flag(true),
  BOURSE_LOG_RETENTION_HOURS: integer(1, 24 * 366, 72),
  BOURSE_OPTIONS_RETENTION_HOURS: integer(1, 24 * 3660, 168),
  BOURSE_AI_DEFAULT_MODEL: flag(true),
  BOURSE_AI_JOB_POLL_MS: integer(50, 3_600_000, 2000),
  BOURSE_INSIGHTS_WEIGHTS: Type.String({ default: 'technical=0.4,ai=0.3,sentiment=0.2,options=0.1' }),
  BOURSE_NATS_REPLICAS: integer(1, 5, 1),
  BOURSE_NATS_DUPLICATE_WINDOW_MS: integer(1000, 86_400_000, 300_000),
  BOURSE_NATS_MAX_BYTES: integer(2 ** 26, 2 ** 50, 16 * 2 ** 30),
  BOURSE_PUBLISH_BUFFER_MESSAGES: integer(1, 10_000_000, 100_000),
  BOURSE_PUBLISH_BUFFER_BYTES: integer(1024, 2 ** 40, 64 * 2 ** 20),
  BOURSE_PUBLISH_BUFFER_POLICY: Type.Enum(['drop-oldest', 'reject-new'], { default: 'drop-oldest' }),
  BOURSE_PUBLISH_CLOSE_TIMEOUT_MS: integer(0, 600_000, 10_000),
  BOURSE_ETL_WORKERS: integer(0, 16, 1),
  BOURSE_ETL_LEASE_MS: integer(500, 3_600_000, 30_000),
  BOURSE_ETL_POLL_MS: integer(20, 60_000, 1000),
  BOURSE_ETL_BACKFILL: flag(true),
  BOURSE_ETL_BACKFILL_DAYS: integer(0, 3660, 730),
  BOURSE_ETL_BACKFILL_MINUTE_DAYS: integer(0, 30, 5),
  BOURSE_ETL_SCHEDULES: Type.Optional(Type.String()),
  BOURSE_ETL_VN_SCHEDULE: flag(false),
  OTEL_SDK_DISABLED: flag(false),
  // Only the OTLP exporter is built in.
  OTEL_TRACES_EXPORTER: Type.Optional(Type.Enum(['otlp', 'none'])),
  OTEL_EXPORTER_OTLP_ENDPOINT: Type.Optional(Type.String()),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: Type.Optional(Type.String()),
  OTEL_EXPORTER_OTLP_HEADERS: Type.Optional(Type.String()),
  OTEL_EXPORTER_OTLP_TRACES_HEADERS: Type.Optional(Type.String()),
  OTEL_EXPORTER_OTLP_TIMEOUT: integer(1, 600_000, 10_000),
  OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: Type.Optional(Type.Integer({ minimum: 1, maximum: 600_000 })),
  OTEL_SERVICE_NAME: Type.Optional(Type.String()),
  BOURSE_PROVIDERS: Type.String({ default: 'synthetic' }),
  BOURSE_YAHOO_URL: Type.String({ default: 'https://query1.finance.yahoo.com' }),
  BOURSE_ALPHAVANTAGE_URL: Type.String({ default: 'https://www.alphavantage.co' }),
  BOURSE_ALPHAVANTAGE_KEY: Type.Optional(Type.String()),
  BOURSE_COINGECKO_URL: Type.String({ default: 'https://api.coingecko.com/api/v3' }),
  BOURSE_COINGECKO_KEY: Type.Optional(Type.String()),
  BOURSE_FRED_URL: Type.String({ default: 'https://api.stlouisfed.org/fred' }),
  BOURSE_FRED_KEY: Type.Optional(Type.String()),
  BOURSE_VCI_URL: Type.String({ default: 'https://trading.vietcap.com.vn/api' }),
  BOURSE_BINANCE_URL: Type.String({ default: 'https://api.binance.com' }),
  BOURSE_BINANCE_WS_URL: Type.String({ default: 'wss://stream.binance.com:9443' }),
});
type ParsedEnv = Static<typeof EnvSchema>;

/**
 * A variable's text as the value its schema describes: integers in decimal digits, numbers as
 * JavaScript reads them, booleans as 1/true/yes/on or 0/false/no/off. Text that is none of these
 * stays text, and the schema then refuses it.
 */
function fromText(schema: TSchema, raw: string): unknown {
  if (Type.IsInteger(schema)) return /^-?\d+$/.test(raw) ? Number(raw) : raw;
  if (Type.IsNumber(schema)) return Number.isFinite(Number(raw)) ? Number(raw) : raw;
  if (Type.IsBoolean(schema)) {
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
  }
  return raw;
}

/** What a variable's schema expects, in words, for the one-line error naming it. */
function expectation(schema: TSchema, raw: string): string {
  const range = `from ${Reflect.get(schema, 'minimum')} to ${Reflect.get(schema, 'maximum')}`;
  if (Type.IsInteger(schema)) return `must be an integer ${range} (got "${raw}")`;
  if (Type.IsNumber(schema)) return `must be a number ${range} (got "${raw}")`;
  if (Type.IsBoolean(schema)) return `must be true or false (got "${raw}")`;
  if (Type.IsEnum(schema)) return `must be one of ${schema.enum.join(', ')} (got "${raw}")`;
  return `is invalid (got "${raw}")`;
}

/** The environment read against EnvSchema, defaults filled in; the first variable that does not fit stops start-up. */
function parseEnv(env: Env): ParsedEnv {
  const given: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(EnvSchema.properties)) {
    const raw = read(env, name);
    if (raw !== undefined) given[name] = fromText(schema, raw);
  }
  const value = Value.Default(EnvSchema, given);
  if (Value.Check(EnvSchema, value)) return value;
  const [error] = Value.Errors(EnvSchema, value);
  const name = error?.instancePath.split('/')[1] ?? '';
  const schema = (EnvSchema.properties as Record<string, TSchema>)[name];
  if (schema === undefined) throw new ConfigError(name || 'environment', error?.message ?? 'is invalid');
  throw new ConfigError(name, expectation(schema, read(env, name) ?? ''));
}

/** A comma-separated list of CATALOG symbols. */
function symbolList(env: Env, name: string, def: readonly string[]): readonly string[] {
  const raw = read(env, name);
  if (raw === undefined) return def;
  const list = [
    ...new Set(
      raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  const unknown = list.filter((s) => !CATALOG.some((c) => c.symbol === s));
  if (list.length === 0 || unknown.length > 0) {
    throw new ConfigError(name, `must be a comma-separated list of catalog symbols (unknown: ${unknown.join(', ') || 'none given'})`);
  }
  return list;
}

function pem(name: string, value: string | undefined, kind: 'PRIVATE KEY' | 'PUBLIC KEY'): string | undefined {
  const raw = value?.replaceAll('\\n', '\n');
  if (raw !== undefined && !raw.includes(`-----BEGIN ${kind}-----`)) {
    throw new ConfigError(name, `must be a PEM block starting with -----BEGIN ${kind}-----`);
  }
  return raw;
}

function url(name: string, raw: string, protocols: readonly string[]): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be a URL with scheme ${protocols.join(' or ')} (got "${raw}")`);
  }
  if (!protocols.includes(u.protocol.replace(/:$/, ''))) {
    throw new ConfigError(name, `must be a URL with scheme ${protocols.join(' or ')} (got "${raw}")`);
  }
  return raw;
}

/** `technical=0.4,ai=0.3,...`: every name one of the four components, every weight a number from 0 to 1, not all 0. */
function insightWeights(raw: string): Config['insights']['weights'] {
  const weights = { technical: 0, ai: 0, sentiment: 0, options: 0 };
  for (const part of raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, value] = part.split('=').map((x) => x.trim());
    const w = Number(value);
    if (!name || !(name in weights) || value === undefined || value === '' || !(w >= 0 && w <= 1)) {
      throw new ConfigError(
        'BOURSE_INSIGHTS_WEIGHTS',
        `must be name=weight pairs of technical, ai, sentiment, options with weights from 0 to 1 (got "${part}")`,
      );
    }
    weights[name as keyof typeof weights] = w;
  }
  if (Object.values(weights).every((w) => w === 0)) throw new ConfigError('BOURSE_INSIGHTS_WEIGHTS', 'needs at least one weight above 0');
  return weights;
}

/** Service names whose URL the gateway may be given as BOURSE_<NAME>_URL (e.g. BOURSE_MARKET_DATA_URL). */
export const SERVICE_NAMES = [
  'feed',
  'ingest',
  'bars',
  'market-data',
  'symbols',
  'indicators',
  'options',
  'stream',
  'auth',
  'logs',
  'ai',
  'insights',
  'etl',
  'gateway',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export function serviceUrlVariable(service: string): string {
  return `BOURSE_${service.toUpperCase().replaceAll('-', '_')}_URL`;
}

export function loadConfig(env: Env = process.env, extraServices: readonly string[] = []): Config {
  const e = parseEnv(env);
  const nodeEnv = e.NODE_ENV;
  const dataDir = resolve(e.BOURSE_DATA_DIR);

  const busRaw = e.BOURSE_BUS;
  const bus: Config['bus'] =
    busRaw === 'memory'
      ? { kind: 'memory', maxRetryDelayMs: e.BOURSE_BUS_RETRY_MAX_MS }
      : {
          kind: 'nats',
          servers: busRaw.split(',').map((s) => url('BOURSE_BUS', s.trim(), ['nats', 'tls'])),
          maxRetryDelayMs: e.BOURSE_BUS_RETRY_MAX_MS,
        };
  if (busRaw !== 'memory' && !/^(nats|tls):/.test(busRaw)) {
    throw new ConfigError('BOURSE_BUS', `must be "memory" or a nats:// URL (got "${busRaw}")`);
  }

  const dbRaw = e.BOURSE_DATABASE_URL;
  const database: Config['database'] =
    dbRaw === undefined
      ? { kind: 'pglite', dir: resolve(dataDir, 'pglite') }
      : {
          kind: 'postgres',
          url: url('BOURSE_DATABASE_URL', dbRaw, ['postgres', 'postgresql']),
          statementTimeoutMs: e.BOURSE_DATABASE_STATEMENT_TIMEOUT_MS,
        };

  const cacheRaw = e.BOURSE_CACHE_URL;
  const cache: Config['cache'] =
    cacheRaw === undefined || cacheRaw === 'memory'
      ? { kind: 'memory' }
      : { kind: 'redis', url: url('BOURSE_CACHE_URL', cacheRaw, ['redis', 'rediss']) };

  const serviceUrls: Record<string, string> = {};
  for (const name of [...SERVICE_NAMES, ...extraServices]) {
    const variable = serviceUrlVariable(name);
    const raw = read(env, variable);
    if (raw !== undefined) serviceUrls[name] = url(variable, raw, ['http', 'https']).replace(/\/+$/, '');
  }

  const config: Config = {
    env: nodeEnv,
    host: e.HOST,
    port: e.PORT,
    dataDir,
    logLevel: e.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    instanceId: e.BOURSE_INSTANCE_ID ?? `${hostname()}-${process.pid}`,
    bus,
    database,
    cache,
    feed: {
      seed: e.BOURSE_SEED,
      rate: e.BOURSE_FEED_RATE,
      batchLingerMs: e.BOURSE_FEED_LINGER_MS,
      enabled: e.BOURSE_FEED_ENABLED,
    },
    ingest: {
      batchSize: e.BOURSE_INGEST_BATCH_SIZE,
      maxWaitMs: e.BOURSE_INGEST_MAX_WAIT_MS,
    },
    chains: {
      enabled: e.BOURSE_CHAINS_ENABLED,
      intervalMs: e.BOURSE_CHAIN_INTERVAL_MS,
      underlyings: symbolList(env, 'BOURSE_CHAIN_UNDERLYINGS', DEFAULT_CHAIN_UNDERLYINGS),
    },
    serviceUrls,
    auth: {
      privateKeyPem: pem('BOURSE_JWT_PRIVATE_KEY', e.BOURSE_JWT_PRIVATE_KEY, 'PRIVATE KEY'),
      keyFile: e.BOURSE_JWT_KEY_FILE === undefined ? undefined : resolve(e.BOURSE_JWT_KEY_FILE),
      publicKeyPem: pem('BOURSE_JWT_PUBLIC_KEY', e.BOURSE_JWT_PUBLIC_KEY, 'PUBLIC KEY'),
      issuer: e.BOURSE_JWT_ISSUER,
      accessTtlSeconds: e.BOURSE_ACCESS_TOKEN_TTL_S,
      refreshTtlSeconds: e.BOURSE_REFRESH_TOKEN_TTL_S,
      // Taken as given, spaces and all: a password is not trimmed.
      adminPassword: env.BOURSE_ADMIN_PASSWORD === undefined || env.BOURSE_ADMIN_PASSWORD === '' ? undefined : env.BOURSE_ADMIN_PASSWORD,
    },
    edge: {
      trustProxy: trustedProxies('BOURSE_TRUST_PROXY', e.BOURSE_TRUST_PROXY),
      corsOrigins: e.BOURSE_CORS_ORIGINS.split(',')
        .map((o) => o.trim())
        .filter(Boolean)
        .map((o) => (o === '*' ? o : url('BOURSE_CORS_ORIGINS', o, ['http', 'https']).replace(/\/+$/, ''))),
      rateLimit: {
        // On in every environment, tests included: a suite that polls the entry point turns it off itself.
        enabled: e.BOURSE_RATE_LIMIT_ENABLED ?? true,
        windowMs: e.BOURSE_RATE_LIMIT_WINDOW_MS,
        anonymousMax: e.BOURSE_RATE_LIMIT_ANONYMOUS,
        userMax: e.BOURSE_RATE_LIMIT_USER,
        redisUrl: rateLimitRedis(e.BOURSE_RATE_LIMIT_REDIS_URL, cache),
        failOpen: e.BOURSE_RATE_LIMIT_FAIL_OPEN,
      },
    },
    logs: {
      toBus: e.BOURSE_LOG_BUS,
      busRatePerSecond: e.BOURSE_LOG_BUS_RATE,
      stdout: e.BOURSE_LOG_STDOUT,
      retentionHours: e.BOURSE_LOG_RETENTION_HOURS,
    },
    options: { retentionHours: e.BOURSE_OPTIONS_RETENTION_HOURS },
    ai: { defaultModel: e.BOURSE_AI_DEFAULT_MODEL, jobPollMs: e.BOURSE_AI_JOB_POLL_MS },
    insights: { weights: insightWeights(e.BOURSE_INSIGHTS_WEIGHTS) },
    tracing: tracingConfig(e),
    providers: providersConfig(e),
    nats: {
      replicas: e.BOURSE_NATS_REPLICAS,
      duplicateWindowMs: e.BOURSE_NATS_DUPLICATE_WINDOW_MS,
      maxBytes: e.BOURSE_NATS_MAX_BYTES,
      outbox: {
        maxMessages: e.BOURSE_PUBLISH_BUFFER_MESSAGES,
        maxBytes: e.BOURSE_PUBLISH_BUFFER_BYTES,
        policy: e.BOURSE_PUBLISH_BUFFER_POLICY,
        closeTimeoutMs: e.BOURSE_PUBLISH_CLOSE_TIMEOUT_MS,
      },
    },
    etl: {
      workers: e.BOURSE_ETL_WORKERS,
      leaseMs: e.BOURSE_ETL_LEASE_MS,
      pollMs: e.BOURSE_ETL_POLL_MS,
      backfill: { enabled: e.BOURSE_ETL_BACKFILL, dailyDays: e.BOURSE_ETL_BACKFILL_DAYS, minuteDays: e.BOURSE_ETL_BACKFILL_MINUTE_DAYS },
      schedules: etlSchedules(e.BOURSE_ETL_SCHEDULES, e.BOURSE_ETL_VN_SCHEDULE),
    },
  };
  return deepFreeze(config);
}

function providersConfig(e: ParsedEnv): ProvidersConfig {
  const listed = e.BOURSE_PROVIDERS.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = listed.filter((s) => !(SOURCE_IDS as readonly string[]).includes(s));
  if (listed.length === 0 || unknown.length > 0) {
    throw new ConfigError(
      'BOURSE_PROVIDERS',
      `must be a comma-separated list of ${SOURCE_IDS.join(', ')} (${unknown.length > 0 ? `unknown: ${unknown.join(', ')}` : 'none given'})`,
    );
  }
  const http = (name: string, raw: string) => url(name, raw, ['http', 'https']).replace(/\/+$/, '');
  return {
    enabled: [...new Set(listed)] as SourceId[],
    yahoo: { url: http('BOURSE_YAHOO_URL', e.BOURSE_YAHOO_URL) },
    alphavantage: { url: http('BOURSE_ALPHAVANTAGE_URL', e.BOURSE_ALPHAVANTAGE_URL), key: e.BOURSE_ALPHAVANTAGE_KEY },
    coingecko: { url: http('BOURSE_COINGECKO_URL', e.BOURSE_COINGECKO_URL), key: e.BOURSE_COINGECKO_KEY },
    fred: { url: http('BOURSE_FRED_URL', e.BOURSE_FRED_URL), key: e.BOURSE_FRED_KEY },
    vci: { url: http('BOURSE_VCI_URL', e.BOURSE_VCI_URL) },
    binance: {
      url: http('BOURSE_BINANCE_URL', e.BOURSE_BINANCE_URL),
      wsUrl: url('BOURSE_BINANCE_WS_URL', e.BOURSE_BINANCE_WS_URL, ['ws', 'wss']).replace(/\/+$/, ''),
    },
  };
}

const ScheduleSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' }),
    cron: Type.String({ minLength: 9 }),
    source: Type.String({ minLength: 1 }),
    symbols: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
    interval: Type.Enum(['1m', '5m', '15m', '1h', '1d']),
    lookbackDays: Type.Number({ exclusiveMinimum: 0, maximum: 3660 }),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

/**
 * The shipped example: the Vietnamese universe (the catalog's HOSE listings) from VCI every 300 s,
 * off unless BOURSE_ETL_VN_SCHEDULE is on; then BOURSE_ETL_SCHEDULES, a JSON array of
 * {name, cron, source, symbols, interval, lookbackDays, enabled?}.
 */
function etlSchedules(raw: string | undefined, vn: boolean): readonly EtlSchedule[] {
  const out: EtlSchedule[] = [
    {
      name: 'vn-universe',
      cron: '*/5 * * * *',
      source: 'vci',
      symbols: CATALOG.filter((c) => c.exchange === 'HOSE').map((c) => c.symbol),
      interval: '1d',
      lookbackMs: 5 * 86_400_000,
      enabled: vn,
    },
  ];
  if (raw === undefined) return out;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new ConfigError('BOURSE_ETL_SCHEDULES', `must be a JSON array of schedules (${(error as Error).message})`);
  }
  if (!Array.isArray(parsed)) throw new ConfigError('BOURSE_ETL_SCHEDULES', 'must be a JSON array of schedules');
  parsed.forEach((item, i) => {
    if (!Value.Check(ScheduleSchema, item)) {
      const [error] = Value.Errors(ScheduleSchema, item);
      throw new ConfigError('BOURSE_ETL_SCHEDULES', `[${i}]${error?.instancePath ?? ''} ${error?.message ?? 'is invalid'}`);
    }
    const s = item as Static<typeof ScheduleSchema>;
    if (out.some((o) => o.name === s.name)) throw new ConfigError('BOURSE_ETL_SCHEDULES', `[${i}] repeats the schedule name ${s.name}`);
    out.push({
      name: s.name,
      cron: s.cron,
      source: s.source,
      symbols: s.symbols,
      interval: s.interval,
      lookbackMs: s.lookbackDays * 86_400_000,
      enabled: s.enabled ?? true,
    });
  });
  return out;
}

function tracingConfig(e: ParsedEnv): TracingConfig {
  const exporter = e.OTEL_TRACES_EXPORTER;
  const base = e.OTEL_EXPORTER_OTLP_ENDPOINT;
  const traces = e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const enabled = !e.OTEL_SDK_DISABLED && exporter !== 'none' && (exporter === 'otlp' || base !== undefined || traces !== undefined);
  const endpoint =
    traces !== undefined
      ? url('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', traces, ['http', 'https'])
      : base !== undefined
        ? `${url('OTEL_EXPORTER_OTLP_ENDPOINT', base, ['http', 'https']).replace(/\/+$/, '')}/v1/traces`
        : 'http://localhost:4318/v1/traces';
  return {
    enabled,
    endpoint,
    headers: {
      ...otlpHeaders('OTEL_EXPORTER_OTLP_HEADERS', e.OTEL_EXPORTER_OTLP_HEADERS),
      ...otlpHeaders('OTEL_EXPORTER_OTLP_TRACES_HEADERS', e.OTEL_EXPORTER_OTLP_TRACES_HEADERS),
    },
    timeoutMs: e.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT ?? e.OTEL_EXPORTER_OTLP_TIMEOUT,
    serviceName: e.OTEL_SERVICE_NAME,
  };
}

/** The W3C Baggage-like list the OTLP exporters take: `key=value,key2=value2`, values URL-encoded. */
function otlpHeaders(name: string, raw: string | undefined): Record<string, string> {
  if (raw === undefined) return {};
  const headers: Record<string, string> = {};
  for (const entry of raw.split(',')) {
    const at = entry.indexOf('=');
    const key = entry.slice(0, at).trim();
    if (at < 1 || key === '') throw new ConfigError(name, `must be a comma-separated list of key=value (got "${entry.trim()}")`);
    try {
      headers[key] = decodeURIComponent(entry.slice(at + 1).trim());
    } catch {
      throw new ConfigError(name, `must have URL-encoded values (got "${entry.trim()}")`);
    }
  }
  return headers;
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * A comma-separated list of IP addresses, CIDR ranges and the names above (what @fastify/proxy-addr
 * compiles); unset, `off`, `false` or `none` for none. Trusting everyone (`true`, `*`) or a hop count is
 * refused: either lets a caller that reaches the process directly choose its own address.
 */
function trustedProxies(name: string, raw: string | undefined): readonly string[] {
  if (raw === undefined || /^(off|false|none)$/i.test(raw)) return [];
  const expected = 'must be off or a comma-separated list of IP addresses, CIDR ranges (10.0.0.0/8) or loopback, linklocal, uniquelocal';
  if (/^(true|on|yes|\*)$/i.test(raw))
    throw new ConfigError(name, `${expected} (got "${raw}", which would let any caller forge X-Forwarded-For)`);
  if (/^\d+$/.test(raw)) throw new ConfigError(name, `${expected} (got "${raw}": a hop count cannot tell a proxy from a caller)`);
  const entries = raw.split(',').map((e) => e.trim());
  const bad = entries.find((entry) => {
    if (PROXY_NAMES.includes(entry)) return false;
    const [address = '', prefix, ...rest] = entry.split('/');
    const family = address.includes('%') ? 0 : isIP(address);
    if (family === 0 || rest.length > 0) return true;
    if (prefix === undefined) return false;
    return !/^\d{1,3}$/.test(prefix) || Number(prefix) < 1 || Number(prefix) > (family === 4 ? 32 : 128);
  });
  if (bad !== undefined) throw new ConfigError(name, `${expected} (got "${bad}"${entries.length > 1 ? ` in "${raw}"` : ''})`);
  return [...new Set(entries)];
}

/** BOURSE_RATE_LIMIT_REDIS_URL, else the cache's Redis, else none (counters in memory); `memory` forces memory. */
function rateLimitRedis(raw: string | undefined, cache: Config['cache']): string | undefined {
  if (raw === 'memory') return undefined;
  if (raw !== undefined) return url('BOURSE_RATE_LIMIT_REDIS_URL', raw, ['redis', 'rediss']);
  return cache.kind === 'redis' ? cache.url : undefined;
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
