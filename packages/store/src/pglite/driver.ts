import { CompiledQuery, type DatabaseConnection, type Driver, type QueryResult, type TransactionSettings } from 'kysely';
import type { PGliteDialectConfig, PGliteLike, PGliteTransactionLike } from './config.ts';
import { toStoreError } from '../errors.ts';
import { Mutex } from './mutex.ts';

/**
 * Kysely driver over one PGlite instance. Modelled on the PGlite dialect of
 * later Kysely releases, with one difference: connections are handed out under
 * a mutex, so a query issued while a transaction is open waits for it instead
 * of running inside it.
 */
export class PGliteDriver implements Driver {
  readonly #config: PGliteDialectConfig;
  readonly #mutex = new Mutex();
  #pglite?: PGliteLike;
  #connection?: PGliteConnection;
  #release: (() => void) | undefined;

  constructor(config: PGliteDialectConfig) {
    this.#config = config;
  }

  async init(): Promise<void> {
    const pglite = typeof this.#config.pglite === 'function' ? await this.#config.pglite() : this.#config.pglite;
    if (pglite.closed) throw new Error('PGlite instance is already closed');
    if (!pglite.ready) await pglite.waitReady;
    this.#pglite = pglite;
    this.#connection = new PGliteConnection(pglite);
    if (this.#config.onCreateConnection) await this.#config.onCreateConnection(this.#connection);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.#mutex.lock();
    this.#release = release;
    return this.#connection!;
  }

  async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await (connection as PGliteConnection).begin(settings);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PGliteConnection).end(true);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PGliteConnection).end(false);
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteIdent(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint ${quoteIdent(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release savepoint ${quoteIdent(name)}`));
  }

  async destroy(): Promise<void> {
    // Let a query in flight finish before the backend goes away.
    const release = await this.#mutex.lock();
    try {
      if (this.#pglite && !this.#pglite.closed) await this.#pglite.close();
    } finally {
      release();
    }
  }
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * The one session. A transaction runs through PGlite's own `transaction()`,
 * which also locks the instance against callers that use it directly (the
 * benchmark does); Kysely's begin/commit/rollback are bridged to it with a
 * pair of promises.
 */
class PGliteConnection implements DatabaseConnection {
  readonly #pglite: PGliteLike;
  #tx: PGliteTransactionLike | undefined;
  #finish: ((commit: boolean) => void) | undefined;
  #done: Promise<unknown> | undefined;

  constructor(pglite: PGliteLike) {
    this.#pglite = pglite;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    // In one process the database is away only once closed (shutting down): then UnavailableError, as on a server.
    const { rows, affectedRows } = await (this.#tx ?? this.#pglite)
      .query<R>(compiledQuery.sql, compiledQuery.parameters as unknown[], { rowMode: 'object' })
      .catch((error: unknown) => {
        throw toStoreError(error, 'PGlite');
      });
    return { rows: rows ?? [], ...(affectedRows == null ? {} : { numAffectedRows: BigInt(affectedRows) }) };
  }

  // biome-ignore lint/correctness/useYield: streaming is not supported; the generator only throws.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported by the PGlite dialect');
  }

  async begin(settings: TransactionSettings): Promise<void> {
    let begun!: () => void;
    let failed!: (cause: unknown) => void;
    const ready = new Promise<void>((resolve, reject) => {
      begun = resolve;
      failed = reject;
    });
    const finished = new Promise<boolean>((resolve) => {
      this.#finish = resolve;
    });
    this.#done = this.#pglite.transaction(async (tx) => {
      this.#tx = tx;
      begun();
      const commit = await finished;
      // Throwing makes PGlite roll back; the error is swallowed in end().
      if (!commit) throw new RollbackSignal();
    });
    this.#done.catch(failed);
    await ready;
    if (settings.isolationLevel || settings.accessMode) {
      const parts = [settings.isolationLevel && `isolation level ${settings.isolationLevel}`, settings.accessMode].filter(Boolean);
      await this.executeQuery(CompiledQuery.raw(`set transaction ${parts.join(' ')}`));
    }
  }

  async end(commit: boolean): Promise<void> {
    const done = this.#done;
    this.#finish?.(commit);
    this.#tx = undefined;
    this.#finish = undefined;
    this.#done = undefined;
    try {
      await done;
    } catch (error) {
      if (!(error instanceof RollbackSignal)) throw error;
    }
  }
}

class RollbackSignal extends Error {
  override name = 'RollbackSignal';
}
