import { ConflictError } from '@bourse/core';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { ApiKeysTable, Database, UsersTable } from '../schema.ts';

export type Role = 'admin' | 'user';

export interface User {
  id: string;
  email: string;
  role: Role;
  createdAt: number;
  passwordChangedAt: number;
}

export interface UserWithHash extends User {
  passwordHash: string;
}

export interface ApiKeyRecord {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  readOnly: boolean;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

/** What a refresh token resolves to when it is spent. */
export type RefreshOutcome =
  | { kind: 'rotated'; sessionId: string; userId: string }
  /** The token was spent before, or its session is revoked: a replay. The session is now revoked. */
  | { kind: 'reused'; sessionId: string; userId: string }
  | { kind: 'expired' }
  | { kind: 'unknown' };

/**
 * Accounts, sessions (refresh-token families) and API keys. Secrets never reach this
 * layer: passwords arrive as argon2id hashes, refresh tokens and API keys as SHA-256 hashes.
 */
export interface AuthRepository {
  /** Throws ConflictError when the (normalised) email is taken. */
  createUser(user: { id: string; email: string; passwordHash: string; role: Role }): Promise<User>;
  userByEmail(email: string): Promise<UserWithHash | undefined>;
  userById(id: string): Promise<UserWithHash | undefined>;
  /** Set a new password hash and revoke every session of the user. */
  changePassword(userId: string, passwordHash: string): Promise<void>;
  setRole(userId: string, role: Role): Promise<void>;

  createSession(session: { id: string; userId: string; tokenHash: string; expiresAt: number }): Promise<void>;
  /**
   * Spend a refresh token and, in the same transaction, store its successor. A token spent
   * twice (or a token of a revoked session) revokes the whole session: theft detection.
   */
  rotateRefreshToken(tokenHash: string, next: { tokenHash: string; expiresAt: number }, now: number): Promise<RefreshOutcome>;
  /** Revoke the session a refresh token belongs to; returns its id if found. */
  revokeSessionByToken(tokenHash: string, reason: string): Promise<string | undefined>;
  /** Whether a session exists and is not revoked. */
  sessionActive(sessionId: string): Promise<boolean>;
  revokeUserSessions(userId: string, reason: string): Promise<number>;

  createApiKey(key: {
    id: string;
    userId: string;
    name: string;
    keyHash: string;
    prefix: string;
    readOnly: boolean;
  }): Promise<ApiKeyRecord>;
  listApiKeys(userId: string): Promise<ApiKeyRecord[]>;
  /** Revoke one of the user's keys; false when the user has no such active key. */
  revokeApiKey(userId: string, id: string): Promise<boolean>;
  /** The active key with this hash and its owner's role, or undefined. */
  apiKeyByHash(keyHash: string): Promise<(ApiKeyRecord & { role: Role; email: string }) | undefined>;
}

export function authRepository(db: Kysely<Database>): AuthRepository {
  return {
    async createUser({ id, email, passwordHash, role }) {
      const row = await db
        .insertInto('users')
        .values({ id, email, password_hash: passwordHash, role })
        .onConflict((oc) => oc.column('email').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new ConflictError('an account with this email already exists');
      return toUser(row);
    },

    async userByEmail(email) {
      const row = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
      return row && { ...toUser(row), passwordHash: row.password_hash };
    },

    async userById(id) {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row && { ...toUser(row), passwordHash: row.password_hash };
    },

    async changePassword(userId, passwordHash) {
      await db.transaction().execute(async (tx) => {
        await tx
          .updateTable('users')
          .set({ password_hash: passwordHash, password_changed_at: sql`now()` })
          .where('id', '=', userId)
          .execute();
        await tx
          .updateTable('auth_sessions')
          .set({ revoked_at: sql`now()`, revoked_reason: 'password_changed' })
          .where('user_id', '=', userId)
          .where('revoked_at', 'is', null)
          .execute();
      });
    },

    async setRole(userId, role) {
      await db.updateTable('users').set({ role }).where('id', '=', userId).execute();
    },

    async createSession({ id, userId, tokenHash, expiresAt }) {
      await db.transaction().execute(async (tx) => {
        await tx.insertInto('auth_sessions').values({ id, user_id: userId }).execute();
        await tx
          .insertInto('refresh_tokens')
          .values({ token_hash: tokenHash, session_id: id, expires_at: new Date(expiresAt) })
          .execute();
      });
    },

    async rotateRefreshToken(tokenHash, next, now) {
      return db.transaction().execute(async (tx): Promise<RefreshOutcome> => {
        // Mark the token spent only if it was not: exactly one concurrent caller wins.
        const spent = await tx
          .updateTable('refresh_tokens')
          .set({ used_at: new Date(now) })
          .where('token_hash', '=', tokenHash)
          .where('used_at', 'is', null)
          .returning(['session_id', 'expires_at'])
          .executeTakeFirst();
        const sessionOf = async (sessionId: string) =>
          tx.selectFrom('auth_sessions').select(['user_id', 'revoked_at']).where('id', '=', sessionId).executeTakeFirstOrThrow();
        const revoke = async (sessionId: string, reason: string) =>
          tx
            .updateTable('auth_sessions')
            .set({ revoked_at: new Date(now), revoked_reason: reason })
            .where('id', '=', sessionId)
            .where('revoked_at', 'is', null)
            .execute();
        if (!spent) {
          const old = await tx.selectFrom('refresh_tokens').select('session_id').where('token_hash', '=', tokenHash).executeTakeFirst();
          if (!old) return { kind: 'unknown' };
          const session = await sessionOf(old.session_id);
          await revoke(old.session_id, 'refresh_token_reused');
          return { kind: 'reused', sessionId: old.session_id, userId: session.user_id };
        }
        const session = await sessionOf(spent.session_id);
        if (session.revoked_at !== null) return { kind: 'reused', sessionId: spent.session_id, userId: session.user_id };
        if (new Date(spent.expires_at).getTime() <= now) return { kind: 'expired' };
        await tx
          .insertInto('refresh_tokens')
          .values({ token_hash: next.tokenHash, session_id: spent.session_id, expires_at: new Date(next.expiresAt) })
          .execute();
        return { kind: 'rotated', sessionId: spent.session_id, userId: session.user_id };
      });
    },

    async revokeSessionByToken(tokenHash, reason) {
      const token = await db.selectFrom('refresh_tokens').select('session_id').where('token_hash', '=', tokenHash).executeTakeFirst();
      if (!token) return undefined;
      await db
        .updateTable('auth_sessions')
        .set({ revoked_at: sql`now()`, revoked_reason: reason })
        .where('id', '=', token.session_id)
        .where('revoked_at', 'is', null)
        .execute();
      return token.session_id;
    },

    async sessionActive(sessionId) {
      const row = await db
        .selectFrom('auth_sessions')
        .select('id')
        .where('id', '=', sessionId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return row !== undefined;
    },

    async revokeUserSessions(userId, reason) {
      const rows = await db
        .updateTable('auth_sessions')
        .set({ revoked_at: sql`now()`, revoked_reason: reason })
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .returning('id')
        .execute();
      return rows.length;
    },

    async createApiKey({ id, userId, name, keyHash, prefix, readOnly }) {
      const row = await db
        .insertInto('api_keys')
        .values({ id, user_id: userId, name, key_hash: keyHash, prefix, read_only: readOnly })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toApiKey(row);
    },

    async listApiKeys(userId) {
      const rows = await db.selectFrom('api_keys').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toApiKey);
    },

    async revokeApiKey(userId, id) {
      const row = await db
        .updateTable('api_keys')
        .set({ revoked_at: sql`now()` })
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .returning('id')
        .executeTakeFirst();
      return row !== undefined;
    },

    async apiKeyByHash(keyHash) {
      const row = await db
        .selectFrom('api_keys')
        .innerJoin('users', 'users.id', 'api_keys.user_id')
        .selectAll('api_keys')
        .select(['users.role', 'users.email'])
        .where('api_keys.key_hash', '=', keyHash)
        .where('api_keys.revoked_at', 'is', null)
        .executeTakeFirst();
      if (!row) return undefined;
      // Best effort: a failed bookkeeping write must not fail the request.
      void db
        .updateTable('api_keys')
        .set({ last_used_at: sql`now()` })
        .where('id', '=', row.id)
        .execute()
        .catch(() => undefined);
      return { ...toApiKey(row), role: row.role, email: row.email };
    },
  };
}

function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    createdAt: new Date(row.created_at).getTime(),
    passwordChangedAt: new Date(row.password_changed_at).getTime(),
  };
}

function toApiKey(row: Selectable<ApiKeysTable>): ApiKeyRecord {
  const ms = (d: Date | null) => (d === null ? null : new Date(d).getTime());
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    prefix: row.prefix,
    readOnly: row.read_only,
    createdAt: new Date(row.created_at).getTime(),
    lastUsedAt: ms(row.last_used_at),
    revokedAt: ms(row.revoked_at),
  };
}
