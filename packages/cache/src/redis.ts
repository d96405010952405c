import { UnavailableError } from '@bourse/core';
import { Redis, type RedisOptions } from 'ioredis';
import { decode, encode, stepOf, ttlOf } from './codec.ts';
import type { Cache, CacheObserver } from './port.ts';

export interface RedisCacheOptions {
  /** Namespace prepended to every key, e.g. `bourse:`. deletePrefix never leaves it. Default none. */
  readonly prefix?: string;
  /** How long to wait for a TCP connection before giving up. Default 2,000 ms. */
  readonly connectTimeoutMs?: number;
  /**
   * How long a command may wait for its reply before it fails with UnavailableError: every command,
   * each of a pipeline's and each step of deletePrefix's scan. Default 2,000 ms.
   */
  readonly commandTimeoutMs?: number;
  /** Told of each call's outcome (an outage is then logged by state, not per call). */
  readonly observer?: CacheObserver;
}

/**
 * INCRBY and, with a TTL, PEXPIRE as one script: no other command runs in between, and a key
 * that holds no integer fails at INCRBY before its expiry is touched (a MULTI would still run PEXPIRE).
 */
const INCREMENT = `
local n = redis.call('INCRBY', KEYS[1], ARGV[1])
if tonumber(ARGV[2]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return n`;

/** SCAN batch hint for deletePrefix: large enough to be quick, small enough not to block Redis. */
const SCAN_COUNT = 500;

/**
 * The distributed shape's cache on Redis. Values are JSON text; keys live under an
 * optional prefix. A down or unreachable Redis fails fast with UnavailableError
 * instead of queueing commands: the caller falls back to the store.
 */
export class RedisCache implements Cache {
  readonly kind = 'redis' as const;
  readonly #client: Redis;
  readonly #prefix: string;
  readonly #connectTimeoutMs: number;
  readonly #observer: CacheObserver | undefined;
  #lastError: Error | undefined;
  #closed = false;

  constructor(url: string, options: RedisCacheOptions = {}) {
    this.#prefix = options.prefix ?? '';
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 2_000;
    this.#observer = options.observer;
    const redisOptions: RedisOptions = {
      connectTimeout: this.#connectTimeoutMs,
      commandTimeout: options.commandTimeoutMs ?? 2_000,
      // No offline queue: while disconnected, a command fails at once rather than waiting.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      // Keep reconnecting in the background (capped backoff) so the cache heals when Redis returns.
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
      lazyConnect: false,
    };
    this.#client = new Redis(url, redisOptions);
    // Without a listener ioredis prints every connection error; keep the last one for health().
    this.#client.on('error', (error: Error) => {
      this.#lastError = error;
    });
  }

  async get<T>(key: string): Promise<T | undefined> {
    const text = await this.#run('GET', () => this.#client.get(this.#key(key)));
    return decode<T>(text);
  }

  async getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]> {
    if (keys.length === 0) return [];
    const texts = await this.#run('MGET', () => this.#client.mget(keys.map((k) => this.#key(k))));
    return texts.map((text) => decode<T>(text));
  }

  async set(key: string, value: unknown, ttlMs?: number): Promise<void> {
    const text = encode(value);
    const k = this.#key(key);
    const ttl = ttlOf(ttlMs);
    await this.#run('SET', async () => {
      // `undefined` has no JSON form: setting it removes the key.
      if (text === undefined) await this.#client.unlink(k);
      else if (ttl === undefined) await this.#client.set(k, text);
      else await this.#client.set(k, text, 'PX', ttl);
    });
  }

  async setMany(entries: readonly { key: string; value: unknown; ttlMs?: number }[]): Promise<void> {
    if (entries.length === 0) return;
    // Encode before touching Redis so a value that cannot be serialised fails the whole call.
    const ops = entries.map(({ key, value, ttlMs }) => ({ key: this.#key(key), text: encode(value), ttl: ttlOf(ttlMs) }));
    await this.#run('pipeline SET', async () => {
      const pipeline = this.#client.pipeline();
      for (const { key, text, ttl } of ops) {
        if (text === undefined) pipeline.unlink(key);
        else if (ttl === undefined) pipeline.set(key, text);
        else pipeline.set(key, text, 'PX', ttl);
      }
      const results = (await pipeline.exec()) ?? [];
      const failed = results.find(([error]) => error !== null);
      if (failed?.[0]) throw failed[0];
    });
  }

  async increment(key: string, options: { readonly by?: number; readonly ttlMs?: number } = {}): Promise<number> {
    const step = stepOf(options.by);
    const ttl = ttlOf(options.ttlMs) ?? 0;
    const n = await this.#run('INCRBY', () => this.#client.eval(INCREMENT, 1, this.#key(key), String(step), String(ttl)));
    return Number(n);
  }

  async setIfAbsent(key: string, value: unknown, ttlMs?: number): Promise<boolean> {
    const text = encode(value);
    if (text === undefined) throw new TypeError('cache: setIfAbsent needs a value with a JSON form');
    const k = this.#key(key);
    const ttl = ttlOf(ttlMs);
    const reply = await this.#run('SET NX', () =>
      ttl === undefined ? this.#client.set(k, text, 'NX') : this.#client.set(k, text, 'PX', ttl, 'NX'),
    );
    return reply === 'OK';
  }

  async delete(key: string): Promise<void> {
    await this.#run('UNLINK', () => this.#client.unlink(this.#key(key)));
  }

  /** SCAN (cursor by cursor, never KEYS, so Redis is not blocked) and UNLINK each batch found. */
  async deletePrefix(prefix: string): Promise<void> {
    const match = `${globEscape(this.#prefix + prefix)}*`;
    await this.#run('SCAN/UNLINK', async () => {
      let cursor = '0';
      do {
        const [next, keys] = await this.#client.scan(cursor, 'MATCH', match, 'COUNT', SCAN_COUNT);
        if (keys.length > 0) await this.#client.unlink(...keys);
        cursor = next;
      } while (cursor !== '0');
    });
  }

  async health(): Promise<{ ok: boolean; detail?: string }> {
    try {
      const started = performance.now();
      await this.#run('PING', () => this.#client.ping());
      return { ok: true, detail: `PING ${(performance.now() - started).toFixed(1)} ms` };
    } catch (error) {
      return { ok: false, detail: (error as Error).message };
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#client.status === 'ready') {
      try {
        await this.#client.quit();
        return;
      } catch {
        // fall through: drop the connection without the QUIT handshake
      }
    }
    this.#client.disconnect();
  }

  #key(key: string): string {
    return this.#prefix + key;
  }

  /** Run a command once the connection is ready; any failure becomes UnavailableError. */
  async #run<T>(what: string, command: () => Promise<T>): Promise<T> {
    try {
      await this.#ready();
      const result = await command();
      this.#observer?.up();
      return result;
    } catch (error) {
      const unavailable =
        error instanceof UnavailableError ? error : new UnavailableError(`redis cache: ${what} failed: ${(error as Error).message}`, error);
      // A reply Redis gave (a WRONGTYPE, a script error) says nothing about whether Redis is there.
      if (!isReplyError(error)) this.#observer?.down(unavailable);
      throw unavailable;
    }
  }

  /**
   * Resolves when the client is ready. A first connection still under way is awaited
   * (bounded by the connect timeout); a client that lost its connection and is waiting
   * to retry fails at once, which is what keeps a down Redis from stalling requests.
   */
  #ready(): Promise<void> {
    const client = this.#client;
    if (client.status === 'ready') return Promise.resolve();
    const reason = () => this.#lastError?.message ?? `connection ${client.status}`;
    if (this.#closed) return Promise.reject(new UnavailableError('redis cache: closed'));
    if (client.status !== 'connecting' && client.status !== 'connect' && client.status !== 'wait') {
      return Promise.reject(new UnavailableError(`redis cache: not connected (${reason()})`, this.#lastError));
    }
    return new Promise<void>((resolve, reject) => {
      const done = (error?: Error) => {
        clearTimeout(timer);
        client.off('ready', onReady);
        client.off('close', onClose);
        if (error) reject(error);
        else resolve();
      };
      const onReady = () => done();
      const onClose = () => done(new UnavailableError(`redis cache: not connected (${reason()})`, this.#lastError));
      const timer = setTimeout(
        () => done(new UnavailableError(`redis cache: no connection within ${this.#connectTimeoutMs} ms`, this.#lastError)),
        this.#connectTimeoutMs + 100,
      );
      timer.unref();
      client.once('ready', onReady);
      client.once('close', onClose);
    });
  }
}

function isReplyError(error: unknown): boolean {
  return error instanceof Error && error.name === 'ReplyError';
}

/** Escape Redis glob metacharacters so a key prefix matches literally. */
export function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
