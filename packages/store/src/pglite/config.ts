import type { DatabaseConnection } from 'kysely';

/**
 * The subset of a PGlite instance the dialect needs. Described here rather
 * than imported so the dialect depends on behaviour, not on one release of
 * `@electric-sql/pglite`.
 */
export interface PGliteLike {
  readonly ready: boolean;
  readonly closed: boolean;
  readonly waitReady: Promise<void>;
  query<T>(query: string, params?: unknown[], options?: { rowMode?: 'array' | 'object' }): Promise<PGliteResults<T>>;
  transaction<T>(callback: (tx: PGliteTransactionLike) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface PGliteResults<T> {
  rows: T[];
  affectedRows?: number;
}

export interface PGliteTransactionLike {
  query<T>(query: string, params?: unknown[], options?: { rowMode?: 'array' | 'object' }): Promise<PGliteResults<T>>;
}

export interface PGliteDialectConfig {
  /** The instance, or a factory called once on first use. */
  readonly pglite: PGliteLike | (() => Promise<PGliteLike>);
  /** Runs once on the single connection after the instance is ready (e.g. `SET search_path`). */
  readonly onCreateConnection?: (connection: DatabaseConnection) => Promise<void>;
}
