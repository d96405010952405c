import { randomBytes } from 'node:crypto';
import { newId, RateLimitedError, UnauthorizedError } from '@bourse/core';
import {
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_TYPE,
  API_KEY_PREFIX,
  defineService,
  ErrorResponse,
  hashSecret,
  ISSUED_AT_MS_CLAIM,
  type SigningKeys,
} from '@bourse/kit';
import type { AuthRepository, Role, User } from '@bourse/store';
import type { Config } from '@bourse/core';
import type { FastifyRequest } from 'fastify';
import { SignJWT } from 'jose';
import Type from 'typebox';
import {
  burnVerification,
  checkEmail,
  checkPasswordPolicy,
  hashPassword,
  MAX_PASSWORD_LENGTH,
  normaliseEmail,
  verifyPassword,
} from './passwords.ts';
import { type LoginAttempt, LoginThrottle } from './throttle.ts';

export { checkPasswordPolicy, hashPassword, normaliseEmail } from './passwords.ts';
export { DEFAULT_THROTTLE, type LoginAttempt, LoginThrottle, type ThrottleOptions } from './throttle.ts';

// No control characters (a NUL byte cannot even be looked up in PostgreSQL).
const Email = Type.String({
  minLength: 3,
  maxLength: 320,
  pattern: '^[^\\u0000-\\u001f\\u007f]+$',
  description: 'Email address (case-insensitive)',
});
const Password = Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH });
const Credentials = Type.Object({ email: Email, password: Password }, { additionalProperties: false });
const RefreshBody = Type.Object({ refreshToken: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
const TokenPair = Type.Object({
  accessToken: Type.String({ description: 'JWT (EdDSA), send as Authorization: Bearer' }),
  refreshToken: Type.String({ description: 'Opaque; single use: each refresh returns a new one' }),
  tokenType: Type.Literal('Bearer'),
  expiresIn: Type.Integer({ description: 'Access token lifetime in seconds' }),
});
const UserView = Type.Object({
  id: Type.String(),
  email: Type.String(),
  role: Type.Union([Type.Literal('admin'), Type.Literal('user')]),
  createdAt: Type.Integer(),
});
const ApiKeyView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the key' }),
  readOnly: Type.Boolean(),
  createdAt: Type.Integer(),
  lastUsedAt: Type.Union([Type.Integer(), Type.Null()]),
  revokedAt: Type.Union([Type.Integer(), Type.Null()]),
});
const Errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 429: ErrorResponse };

const view = (u: User) => ({ id: u.id, email: u.email, role: u.role, createdAt: u.createdAt });

/** Create an account (the CLI's `bourse users create` and POST /auth/register). Throws ConflictError on a taken email. */
export async function createUser(repo: AuthRepository, input: { email: string; password: string; role: Role }): Promise<User> {
  const email = normaliseEmail(input.email);
  checkEmail(email);
  checkPasswordPolicy(input.password, email);
  return repo.createUser({ id: newId(), email, passwordHash: await hashPassword(input.password), role: input.role });
}

function opaqueToken(prefix: string): string {
  return prefix + randomBytes(32).toString('base64url');
}

async function signAccessToken(keys: SigningKeys, config: Config, user: { id: string; role: Role }, sessionId: string): Promise<string> {
  // The time in milliseconds too: a password change refuses the tokens signed before it, not those of the next sign-in.
  const now = Date.now();
  return new SignJWT({ role: user.role, sid: sessionId, [ISSUED_AT_MS_CLAIM]: now })
    .setProtectedHeader({ alg: keys.alg, kid: keys.kid, typ: ACCESS_TOKEN_TYPE })
    .setSubject(user.id)
    .setIssuer(config.auth.issuer)
    .setAudience(ACCESS_TOKEN_AUDIENCE)
    .setIssuedAt(Math.floor(now / 1000))
    .setExpirationTime(`${config.auth.accessTtlSeconds}s`)
    .setJti(newId())
    .sign(keys.privateKey);
}

/**
 * Accounts: register, login (argon2id; throttled per account and IP), short-lived EdDSA
 * access tokens verified anywhere through /.well-known/jwks.json, opaque single-use refresh
 * tokens (a replayed one revokes its whole family), logout, password change, API keys.
 */
export const authService = defineService({
  name: 'auth',
  description: 'Accounts, access and refresh tokens, API keys',
  needs: ['store', 'cache', 'keys'],
  prefixes: ['/auth'],
  rootPrefixes: ['/.well-known'],
  async rootRoutes(app, { keys }) {
    app.get('/.well-known/jwks.json', { schema: { hide: true }, config: { auth: 'public' } }, async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return keys.jwks;
    });
  },
  async routes(app, { store, cache, keys, config, log, authenticator }) {
    const repo = store.auth;
    const throttle = new LoginThrottle(cache);

    const issue = async (user: { id: string; role: Role }, sessionId: string, refreshToken: string) => ({
      accessToken: await signAccessToken(keys, config, user, sessionId),
      refreshToken,
      tokenType: 'Bearer' as const,
      expiresIn: config.auth.accessTtlSeconds,
    });
    /** The signed-in user behind a request, with a live session when it came with an access token. */
    const currentUser = async (request: FastifyRequest) => {
      const principal = request.principal;
      if (!principal) throw new UnauthorizedError();
      if (principal.sessionId && !(await repo.sessionActive(principal.sessionId))) throw new UnauthorizedError('session ended');
      const user = await repo.userById(principal.userId);
      if (!user) throw new UnauthorizedError('account no longer exists');
      return { principal, user };
    };

    app.post(
      '/auth/register',
      {
        config: { auth: 'public' },
        schema: {
          tags: ['auth'],
          summary: 'Create an account',
          body: Credentials,
          response: { 201: UserView, 409: ErrorResponse, ...Errors },
        },
      },
      async (request, reply) => {
        const user = await createUser(repo, { ...request.body, role: 'user' });
        log.info({ userId: user.id }, 'account created');
        return reply.status(201).send(view(user));
      },
    );

    app.post(
      '/auth/login',
      {
        config: { auth: 'public' },
        schema: {
          tags: ['auth'],
          summary: 'Sign in: an access and a refresh token',
          body: Credentials,
          response: { 200: TokenPair, ...Errors },
        },
      },
      async (request, reply) => {
        const email = normaliseEmail(request.body.email);
        // The attempt is counted before the password is checked: a failure is already on the record.
        let attempt: LoginAttempt;
        try {
          attempt = await throttle.reserve(email, request.ip);
        } catch (err) {
          if (err instanceof RateLimitedError)
            reply.header('retry-after', String((err.details as { retryAfterSeconds: number }).retryAfterSeconds));
          throw err;
        }
        const user = await repo.userByEmail(email);
        let ok = false;
        if (user) ok = await verifyPassword(user.passwordHash, request.body.password);
        else await burnVerification(request.body.password);
        if (!user || !ok) {
          log.info({ ip: request.ip }, 'sign-in failed');
          throw new UnauthorizedError('invalid email or password');
        }
        await throttle.succeeded(attempt);
        const sessionId = newId();
        const refreshToken = opaqueToken('bsr_');
        await repo.createSession({
          id: sessionId,
          userId: user.id,
          tokenHash: hashSecret(refreshToken),
          expiresAt: Date.now() + config.auth.refreshTtlSeconds * 1000,
        });
        return issue(user, sessionId, refreshToken);
      },
    );

    app.post(
      '/auth/refresh',
      {
        config: { auth: 'public' },
        schema: {
          tags: ['auth'],
          summary: 'Exchange a refresh token for a new pair',
          body: RefreshBody,
          response: { 200: TokenPair, ...Errors },
        },
      },
      async (request) => {
        const next = opaqueToken('bsr_');
        const now = Date.now();
        const outcome = await repo.rotateRefreshToken(
          hashSecret(request.body.refreshToken),
          { tokenHash: hashSecret(next), expiresAt: now + config.auth.refreshTtlSeconds * 1000 },
          now,
        );
        if (outcome.kind === 'reused') {
          log.warn({ userId: outcome.userId, sessionId: outcome.sessionId }, 'refresh token reused: session revoked');
          // The thief's access tokens end now too, not in up to 15 minutes.
          await authenticator.revoke({ sessionId: outcome.sessionId });
          throw new UnauthorizedError('invalid refresh token');
        }
        if (outcome.kind !== 'rotated') throw new UnauthorizedError('invalid refresh token');
        const user = await repo.userById(outcome.userId);
        if (!user) throw new UnauthorizedError('invalid refresh token');
        return issue(user, outcome.sessionId, next);
      },
    );

    app.post(
      '/auth/logout',
      {
        config: { auth: 'public' },
        schema: {
          tags: ['auth'],
          summary: 'End the session of a refresh token (every refresh and access token of its family)',
          body: RefreshBody,
          response: { 204: Type.Null(), ...Errors },
        },
      },
      async (request, reply) => {
        // Unknown tokens are answered the same way: logging out is idempotent (and may be retried after a 503).
        const sessionId = await repo.revokeSessionByToken(hashSecret(request.body.refreshToken), 'logout');
        // The session's access tokens are refused everywhere from now on, not only once they expire.
        if (sessionId) await authenticator.revoke({ sessionId });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/auth/me',
      {
        config: { auth: 'user' },
        schema: { tags: ['auth'], summary: 'The signed-in account', response: { 200: UserView, ...Errors } },
      },
      async (request) => view((await currentUser(request)).user),
    );

    app.post(
      '/auth/password',
      {
        config: { auth: 'user' },
        schema: {
          tags: ['auth'],
          summary: 'Change the password; ends every session',
          body: Type.Object({ currentPassword: Password, newPassword: Password }, { additionalProperties: false }),
          response: { 204: Type.Null(), ...Errors },
        },
      },
      async (request, reply) => {
        const { principal, user } = await currentUser(request);
        if (principal.kind !== 'user') throw new UnauthorizedError('change the password with a signed-in session, not an API key');
        if (!(await verifyPassword(user.passwordHash, request.body.currentPassword))) throw new UnauthorizedError('invalid password');
        checkPasswordPolicy(request.body.newPassword, user.email);
        const passwordHash = await hashPassword(request.body.newPassword);
        // Tokens first: when that fails (503) nothing has changed and the request can be repeated as it was.
        await authenticator.revoke({ userId: user.id });
        await repo.changePassword(user.id, passwordHash);
        log.info({ userId: user.id }, 'password changed: sessions revoked');
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/auth/api-keys',
      {
        config: { auth: 'user' },
        schema: {
          tags: ['auth'],
          summary: 'Create an API key (the key is shown once)',
          body: Type.Object(
            { name: Type.String({ minLength: 1, maxLength: 100 }), readOnly: Type.Boolean({ default: false }) },
            { additionalProperties: false },
          ),
          response: { 201: Type.Intersect([ApiKeyView, Type.Object({ key: Type.String() })]), ...Errors },
        },
      },
      async (request, reply) => {
        const { principal, user } = await currentUser(request);
        if (principal.kind !== 'user') throw new UnauthorizedError('create API keys with a signed-in session, not an API key');
        const key = opaqueToken(API_KEY_PREFIX);
        const record = await repo.createApiKey({
          id: newId(),
          userId: user.id,
          name: request.body.name,
          keyHash: hashSecret(key),
          prefix: key.slice(0, API_KEY_PREFIX.length + 6),
          readOnly: request.body.readOnly,
        });
        const { userId: _userId, ...shown } = record;
        return reply.status(201).send({ ...shown, key });
      },
    );

    app.get(
      '/auth/api-keys',
      {
        config: { auth: 'user' },
        schema: { tags: ['auth'], summary: 'Your API keys', response: { 200: Type.Object({ data: Type.Array(ApiKeyView) }), ...Errors } },
      },
      async (request) => {
        const { user } = await currentUser(request);
        return { data: (await repo.listApiKeys(user.id)).map(({ userId: _u, ...k }) => k) };
      },
    );

    app.delete(
      '/auth/api-keys/:id',
      {
        config: { auth: 'user' },
        schema: {
          tags: ['auth'],
          summary: 'Revoke one of your API keys',
          params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
          response: { 204: Type.Null(), 404: ErrorResponse, ...Errors },
        },
      },
      async (request, reply) => {
        const { user } = await currentUser(request);
        if (!(await repo.revokeApiKey(user.id, request.params.id))) {
          return reply.status(404).send({ error: { code: 'not_found', message: 'no such API key' } });
        }
        return reply.status(204).send(null);
      },
    );
  },
});
