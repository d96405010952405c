import { createHash, type KeyObject } from 'node:crypto';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { type Config, ForbiddenError, RateLimitedError, UnauthorizedError, UnavailableError } from '@bourse/core';
import type { Store } from '@bourse/store';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createRemoteJWKSet, errors as joseErrors, type JWTVerifyGetKey, jwtVerify } from 'jose';
import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import type { DependencyState } from './dependency-state.ts';
import type { IssuedToken, Revocation, Revocations } from './edge-revocations.ts';

export type { IssuedToken, Revocation } from './edge-revocations.ts';

/**
 * Who may call a route: anyone, a signed-in user (token or API key), an admin; `upstream`
 * is the gateway's proxy, which identifies the caller (for rate limits) and leaves the
 * decision to the service that owns the route. Without `config.auth`, reads (GET, HEAD,
 * OPTIONS) are public and every other method needs a user.
 */
export type AuthLevel = 'public' | 'user' | 'admin' | 'upstream';
export type Role = 'admin' | 'user';

export interface Principal {
  readonly kind: 'user' | 'apiKey';
  readonly userId: string;
  readonly role: Role;
  /** An API key limited to reads. */
  readonly readOnly: boolean;
  /** The refresh-token family an access token was issued for. */
  readonly sessionId?: string;
  readonly keyId?: string;
}

/** One row of the access table: what each route requires (the authorisation tests are generated from it). */
export interface RouteAccess {
  readonly method: string;
  readonly url: string;
  readonly level: AuthLevel;
}

declare module 'fastify' {
  interface FastifyInstance {
    accessTable: RouteAccess[];
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    auth?: AuthLevel;
  }
}

export const API_KEY_PREFIX = 'bsk_';
/** The edge plugin's name, what service plugins declare as a dependency. */
export const EDGE_PLUGIN = 'bourse-edge';
export const ACCESS_TOKEN_TYPE = 'at+jwt';
export const ACCESS_TOKEN_AUDIENCE = 'bourse-api';
/** Private claim: when the access token was signed, in epoch milliseconds (`iat` has whole seconds only). */
export const ISSUED_AT_MS_CLAIM = 'iat_ms';

/** SHA-256 hex of a high-entropy secret (refresh tokens, API keys): what the store keeps. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function routeLevel(method: string, configured: AuthLevel | undefined): AuthLevel {
  return configured ?? (SAFE_METHODS.has(method) ? 'public' : 'user');
}

type Credential = { kind: 'none' } | { kind: 'jwt'; token: string } | { kind: 'apiKey'; key: string } | { kind: 'malformed' };

const TOKEN = /^[A-Za-z0-9._~+/=-]{1,4096}$/;

export function parseCredential(headers: FastifyRequest['headers']): Credential {
  const authorization = headers.authorization;
  const apiKey = headers['x-api-key'];
  if (Array.isArray(apiKey) || (authorization !== undefined && apiKey !== undefined)) return { kind: 'malformed' };
  if (typeof apiKey === 'string')
    return apiKey.startsWith(API_KEY_PREFIX) && TOKEN.test(apiKey) ? { kind: 'apiKey', key: apiKey } : { kind: 'malformed' };
  if (authorization === undefined) return { kind: 'none' };
  const m = /^Bearer ([^\s]+)$/i.exec(authorization);
  if (!m || !TOKEN.test(m[1]!)) return { kind: 'malformed' };
  const token = m[1]!;
  return token.startsWith(API_KEY_PREFIX) ? { kind: 'apiKey', key: token } : { kind: 'jwt', token };
}

export interface Authenticator {
  /** The principal for these credentials, null without credentials; throws UnauthorizedError when they do not verify. */
  authenticate(headers: FastifyRequest['headers']): Promise<Principal | null>;
  /**
   * Refuse access tokens before they expire: a session's (logout, a replayed refresh token) or all
   * of a user's issued until now (password change). Every process sharing the Redis cache refuses
   * them from then on. Throws UnavailableError when that Redis is unreachable.
   */
  revoke(revocation: Revocation): Promise<void>;
}

export interface AuthenticatorOptions {
  readonly config: Config;
  /** The key tokens are verified with: a local public key, or a remote JWKS (cached). */
  readonly verifyKey: KeyObject | JWTVerifyGetKey | undefined;
  /** API keys are looked up in the store; a process without one refuses them. */
  readonly store: Store | undefined;
  /** Access tokens ended early (in the process's cache, or one it opens for them). */
  readonly revocations: Revocations;
}

export function createAuthenticator({ config, verifyKey, store, revocations }: AuthenticatorOptions): Authenticator {
  const repo = store ? store.auth : undefined;
  return {
    revoke: (revocation) => revocations.revoke(revocation),
    async authenticate(headers) {
      const credential = parseCredential(headers);
      switch (credential.kind) {
        case 'none':
          return null;
        case 'malformed':
          throw new UnauthorizedError('malformed credentials: send Authorization: Bearer <token> or X-API-Key: <key>');
        case 'apiKey': {
          if (!repo) throw new UnauthorizedError('API keys are not accepted by this process');
          const found = await repo.apiKeyByHash(hashSecret(credential.key));
          if (!found) throw new UnauthorizedError('invalid or revoked API key');
          return { kind: 'apiKey', userId: found.userId, role: found.role, readOnly: found.readOnly, keyId: found.id };
        }
        case 'jwt': {
          if (!verifyKey) throw new UnauthorizedError('tokens cannot be verified by this process (no key and no BOURSE_AUTH_URL)');
          let principal: Principal;
          let issued: IssuedToken;
          try {
            const { payload } = await jwtVerify(credential.token, verifyKey as KeyObject, {
              algorithms: ['EdDSA'],
              issuer: config.auth.issuer,
              audience: ACCESS_TOKEN_AUDIENCE,
              typ: ACCESS_TOKEN_TYPE,
              requiredClaims: ['sub', 'exp', 'iat'],
            });
            const role = payload.role;
            if (typeof payload.sub !== 'string' || (role !== 'admin' && role !== 'user')) throw new UnauthorizedError('invalid token');
            const session = typeof payload.sid === 'string' ? { sessionId: payload.sid } : {};
            principal = { kind: 'user', userId: payload.sub, role, readOnly: false, ...session };
            // A token signed before the millisecond claim existed: its whole second.
            const ms = payload[ISSUED_AT_MS_CLAIM];
            issued = { userId: payload.sub, issuedAtMs: typeof ms === 'number' ? ms : payload.iat! * 1000, ...session };
          } catch (err) {
            if (err instanceof UnauthorizedError) throw err;
            if (err instanceof joseErrors.JWTExpired) throw new UnauthorizedError('token expired');
            if (err instanceof joseErrors.JOSEError && !(err instanceof joseErrors.JWKSTimeout))
              throw new UnauthorizedError('invalid token');
            throw new UnavailableError('token keys are unreachable', err);
          }
          // Signed and unexpired, but perhaps ended early (logout, a replayed refresh token, a password change): one cache read.
          if (await revocations.isRevoked(issued)) throw new UnauthorizedError('session ended');
          return principal;
        }
      }
    },
  };
}

/** The JWKS of the auth service at `baseUrl`, fetched on demand and cached (re-fetched for an unknown kid). */
export function remoteJwks(baseUrl: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL('/.well-known/jwks.json', baseUrl), {
    timeoutDuration: 2000,
    cooldownDuration: 30_000,
    cacheMaxAge: 10 * 60_000,
  });
}

/** The subset of an ioredis client the shared rate-limit counters use. */
export interface RateLimitRedis {
  eval(script: string, numKeys: number, ...args: string[]): Promise<unknown>;
}

/** The rate limiter's Redis as the composition root holds it: the counters' client, its health for /ready, its close. */
export interface RateLimitConnection extends RateLimitRedis {
  health(): Promise<{ ok: boolean; detail?: string }>;
  close(): Promise<void>;
}

/**
 * The Redis the rate-limit counters of every gateway share. A Redis that is down or slow fails each
 * request fast (no offline queue, a one-second command timeout), never start-up; the limiter then fails
 * closed (503) unless BOURSE_RATE_LIMIT_FAIL_OPEN. Every call's outcome goes to `state`, which logs the
 * outage when it starts, once a minute and when it ends; ioredis keeps reconnecting in the background.
 */
export function openRateLimitRedis(url: string, state: DependencyState): RateLimitConnection {
  const redis = new Redis(url, {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
    commandTimeout: 1000,
    retryStrategy: (n) => Math.min(n * 200, 2000),
  });
  redis.on('error', (err: Error) => state.down(err));
  const reported = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      const result = await call();
      state.up();
      return result;
    } catch (err) {
      state.down(err);
      throw err;
    }
  };
  return {
    eval: (script, numKeys, ...args) => reported(() => redis.eval(script, numKeys, ...args)),
    async health() {
      try {
        const started = performance.now();
        await reported(() => redis.ping());
        return { ok: true, detail: `PING ${(performance.now() - started).toFixed(1)} ms` };
      } catch (err) {
        return { ok: false, detail: `rate limiter's Redis: ${(err as Error).message}` };
      }
    },
    async close() {
      redis.disconnect();
    },
  };
}

export interface EdgeOptions {
  readonly config: Config;
  readonly authenticator: Authenticator;
  /** Rate limits, CORS for the entry point (the gateway, or the embedded process). */
  readonly entryPoint: boolean;
  /** Where the rate-limit counters are shared by every gateway (config.edge.rateLimit.redisUrl); without it, in memory. */
  readonly rateLimitRedis?: RateLimitRedis | undefined;
}

/**
 * The edge every process puts in front of its routes: security headers, CORS from the
 * allow-list, the caller's identity on `request.principal`, each route's access level
 * (401 without valid credentials, 403 without the right) and, at the entry point, rate
 * limits per API key, user or IP.
 */
async function installEdge(app: FastifyInstance, options: EdgeOptions): Promise<void> {
  const { config, authenticator } = options;
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      directives: {
        'script-src': ["'self'", "'unsafe-inline'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
      },
    },
  });
  const origins = config.edge.corsOrigins;
  await app.register(cors, {
    origin: origins.includes('*') ? '*' : origins.length > 0 ? [...origins] : false,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'x-api-key', 'x-request-id'],
    exposedHeaders: ['x-request-id', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'retry-after'],
    credentials: false,
    maxAge: 600,
  });

  app.decorateRequest('principal', null);
  app.decorate('accessTable', []);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      app.accessTable.push({ method, url: route.url, level: routeLevel(method, route.config?.auth) });
    }
  });
  app.addHook('onRequest', async (request, reply) => {
    const url = request.routeOptions.url;
    if (url === undefined) return; // no such route: the 404 handler answers
    const level = routeLevel(request.method, request.routeOptions.config?.auth);
    try {
      request.principal = await authenticator.authenticate(request.headers);
    } catch (err) {
      // On a public route, credentials that do not verify make the caller anonymous.
      if (!(err instanceof UnauthorizedError) || level === 'public' || level === 'upstream') {
        if (err instanceof UnauthorizedError) return;
        throw err;
      }
      reply.header('www-authenticate', 'Bearer realm="bourse", error="invalid_token"');
      throw err;
    }
    authorize(level, request.method, request.principal, reply);
  });

  if (options.entryPoint && config.edge.rateLimit.enabled) await installRateLimit(app, options);
}

/** The edge as a named plugin: every service plugin depends on it (its hooks must see their routes). */
export const edgePlugin = fp(installEdge, { name: EDGE_PLUGIN, fastify: '5.x' });

function authorize(level: AuthLevel, method: string, principal: Principal | null, reply: { header(k: string, v: string): unknown }): void {
  if (level === 'public' || level === 'upstream') return;
  if (!principal) {
    reply.header('www-authenticate', 'Bearer realm="bourse"');
    throw new UnauthorizedError();
  }
  if (level === 'admin' && principal.role !== 'admin') throw new ForbiddenError('this route is for administrators');
  if (principal.readOnly && !SAFE_METHODS.has(method)) throw new ForbiddenError('this API key is read-only');
}

/**
 * Who a request is counted as: its API key, its user, or its IP address (`request.ip`: the socket's peer,
 * or behind a proxy named in BOURSE_TRUST_PROXY the client that proxy put in X-Forwarded-For).
 */
export function rateLimitKey(request: FastifyRequest): string {
  const p = request.principal;
  if (p?.kind === 'apiKey') return `key:${p.keyId}`;
  if (p) return `user:${p.userId}`;
  return `ip:${request.ip}`;
}

async function installRateLimit(app: FastifyInstance, { config, rateLimitRedis }: EdgeOptions): Promise<void> {
  const { windowMs, anonymousMax, userMax, failOpen } = config.edge.rateLimit;
  const store = rateLimitRedis ? sharedCounters(rateLimitRedis, windowMs) : undefined;
  await app.register(rateLimit, {
    global: true,
    max: (request) => (request.principal ? userMax : anonymousMax),
    timeWindow: windowMs,
    keyGenerator: rateLimitKey,
    allowList: (request) => !request.url.startsWith('/api/'),
    enableDraftSpec: true,
    skipOnError: failOpen,
    ...(store ? { store } : {}),
    errorResponseBuilder: (_request, context) =>
      new RateLimitedError(`rate limit exceeded: ${context.max} requests per ${Math.round(windowMs / 1000)} s, retry in ${context.after}`),
  });
}

/** The store class @fastify/rate-limit instantiates: counters in the one Redis every gateway shares. */
function sharedCounters(redis: RateLimitRedis, windowMs: number): new () => RateLimitStore {
  return class SharedRedisStore extends RedisRateLimitStore {
    constructor() {
      super(redis, 'bourse:rl:', windowMs);
    }
  };
}

interface RateLimitStore {
  incr(
    key: string,
    callback: (err: Error | null, result?: { current: number; ttl: number }) => void,
    timeWindow: number,
    max: number,
  ): void;
  child(): RateLimitStore;
}

/** Fixed-window counters in Redis: one INCR (+ PEXPIRE on the first hit) per request, atomic across gateways. */
class RedisRateLimitStore implements RateLimitStore {
  private static readonly SCRIPT = `
    local current = redis.call('INCR', KEYS[1])
    if current == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
    local ttl = redis.call('PTTL', KEYS[1])
    if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
    return {current, ttl}`;
  constructor(
    private readonly redis: RateLimitRedis,
    private readonly prefix: string,
    private readonly windowMs: number,
  ) {}
  incr(key: string, callback: (err: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
    this.redis.eval(RedisRateLimitStore.SCRIPT, 1, this.prefix + key, String(timeWindow || this.windowMs)).then(
      (r) => {
        const [current, ttl] = r as [number, number];
        callback(null, { current, ttl });
      },
      (err: Error) => callback(new UnavailableError('rate limiter unavailable', err)),
    );
  }
  child(): RateLimitStore {
    return this;
  }
}
