import type { Interval } from '@bourse/core';
import { type CallOptions, type Provider, type ProviderBar, ProviderError, type ProviderQuote, type SourceId } from './port.ts';

/** Where the last good answers are kept: Bourse's Cache port fits (memory or Redis). */
export interface LastGoodStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlMs?: number): Promise<void>;
}

/** An answer with where it came from; when every source failed, the last good one, marked stale with its age. */
export type Served<T> =
  | { readonly value: T; readonly source: SourceId; readonly stale: false }
  | { readonly value: T; readonly source: SourceId; readonly stale: true; readonly ageMs: number; readonly errors: readonly string[] };

/** Every source failed and nothing good was kept: the errors of each, in the order tried. */
export class NoSourceError extends Error {
  override name = 'NoSourceError';
  constructor(
    readonly symbol: string,
    readonly errors: readonly Error[],
  ) {
    super(
      errors.length === 0
        ? `${symbol}: no configured source serves it`
        : `${symbol}: every source failed (${errors.map((e) => e.message).join('; ')})`,
    );
  }
}

export interface ChainOptions {
  /** The sources for this instrument, in order of preference. */
  readonly providers: readonly Provider[];
  readonly lastGood?: LastGoodStore;
  /** How long a last good answer is kept (default 7 days). */
  readonly keepMs?: number;
  readonly keyPrefix?: string;
  readonly now?: () => number;
}

interface Kept<T> {
  readonly value: T;
  readonly source: SourceId;
  readonly at: number;
}

/**
 * Fallback across an instrument's sources: each is asked in turn until one answers (a failure of any
 * kind moves on, a breaker that is open fails at once); the answer is kept as the last good one; and
 * when every source fails, that last good answer is served with `stale: true` and its age rather than
 * an error, for data Bourse already had.
 */
export class ProviderChain {
  private readonly now: () => number;
  constructor(private readonly options: ChainOptions) {
    this.now = options.now ?? Date.now;
  }

  history(symbol: string, interval: Interval, from: number, to: number, call?: CallOptions): Promise<Served<ProviderBar[]>> {
    return this.serve(
      `history:${symbol}:${interval}:${from}:${to}`,
      symbol,
      (p) => p.history !== undefined && p.capabilities.history.includes(interval),
      (p) => p.history!(symbol, interval, from, to, call),
    );
  }

  quote(symbol: string, call?: CallOptions): Promise<Served<ProviderQuote>> {
    return this.serve(
      `quote:${symbol}`,
      symbol,
      (p) => p.quotes !== undefined,
      async (p) => {
        const [quote] = await p.quotes!([symbol], call);
        if (quote === undefined) throw new ProviderError(p.id, 'not_found', `${symbol}: no quote`, { symbol });
        return quote;
      },
    );
  }

  private async serve<T>(key: string, symbol: string, can: (p: Provider) => boolean, ask: (p: Provider) => Promise<T>): Promise<Served<T>> {
    const errors: Error[] = [];
    const storeKey = `${this.options.keyPrefix ?? 'providers:last'}:${key}`;
    for (const provider of this.options.providers) {
      if (!can(provider) || provider.providerSymbol(symbol) === undefined) continue;
      try {
        const value = await ask(provider);
        await this.options.lastGood?.set(
          storeKey,
          { value, source: provider.id, at: this.now() } satisfies Kept<T>,
          this.options.keepMs ?? 7 * 86_400_000,
        );
        return { value, source: provider.id, stale: false };
      } catch (error) {
        errors.push(error as Error);
      }
    }
    const kept = await this.options.lastGood?.get<Kept<T>>(storeKey);
    if (kept !== undefined && errors.length > 0) {
      return {
        value: kept.value,
        source: kept.source,
        stale: true,
        ageMs: Math.max(0, this.now() - kept.at),
        errors: errors.map((e) => e.message),
      };
    }
    throw new NoSourceError(symbol, errors);
  }
}
