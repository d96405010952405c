import { CATALOG, type CatalogEntry, INTERVAL_MS, INTERVALS, type Interval } from '@bourse/core';
import { ProviderError, type Provider, type ProviderBar, type ProviderInstrument, type ProviderQuote } from '../port.ts';
import { MAX_HISTORY_BARS, SyntheticHistory } from './history.ts';

export interface SyntheticSourceOptions {
  /** BOURSE_SEED: the same seed draws the same history */
  readonly seed: number;
  readonly instruments?: readonly CatalogEntry[];
  /** the clock that decides which bars are finished (default Date.now) */
  readonly now?: () => number;
  /** the live feed's total rate, for the trade counts of the bars (default 200) */
  readonly ticksPerSecond?: number;
}

/**
 * The synthetic market's history as a source like any other: the ETL backfill loads it through
 * the same path as a real provider's, so the quality checks, idempotent loads and job records
 * are the same. Only finished bars exist: the synthetic future is not drawn yet.
 */
export class SyntheticSource implements Provider {
  readonly id = 'synthetic' as const;
  readonly capabilities = {
    history: INTERVALS,
    quotes: true,
    corporateActions: false,
    instruments: true,
    macro: false,
    live: false,
  } as const;
  readonly generator: SyntheticHistory;
  readonly #entries: ReadonlyMap<string, CatalogEntry>;
  readonly #now: () => number;

  constructor(options: SyntheticSourceOptions) {
    const instruments = options.instruments ?? CATALOG;
    this.#entries = new Map(instruments.map((e) => [e.symbol, e]));
    this.#now = options.now ?? Date.now;
    this.generator = new SyntheticHistory({
      seed: options.seed,
      instruments,
      ...(options.ticksPerSecond === undefined ? {} : { ticksPerSecond: options.ticksPerSecond }),
    });
  }

  /** The symbols it draws. */
  get symbols(): string[] {
    return [...this.#entries.keys()];
  }

  providerSymbol(symbol: string): string | undefined {
    return this.#entries.has(symbol) ? symbol : undefined;
  }

  async history(symbol: string, interval: Interval, from: number, to: number): Promise<ProviderBar[]> {
    this.#known(symbol);
    const now = this.#now();
    const out: ProviderBar[] = [];
    // In pieces of at most MAX_HISTORY_BARS: a long one-minute range is many calls of the generator.
    const step = INTERVAL_MS[interval];
    const span = MAX_HISTORY_BARS * step;
    // From the first bucket that starts in the range, so that no piece asks for a bar more than the limit.
    for (let start = Math.ceil(from / step) * step; start < to; start += span) {
      for (const bar of this.generator.bars(symbol, interval, start, Math.min(to, start + span), now)) {
        if (bar.start < from) continue;
        out.push({
          symbol,
          interval,
          start: bar.start,
          open: bar.open,
          high: bar.high,
          low: bar.low,
          close: bar.close,
          volume: bar.volume,
          trades: bar.trades,
          source: 'synthetic',
        });
      }
    }
    return out;
  }

  async quotes(symbols: readonly string[]): Promise<ProviderQuote[]> {
    const ts = this.#now();
    return symbols.flatMap((symbol) => {
      const entry = this.#entries.get(symbol);
      if (entry === undefined) return [];
      return [{ symbol, ts, last: this.generator.closeBefore(symbol, ts), currency: entry.currency, source: 'synthetic' as const }];
    });
  }

  async instrument(symbol: string): Promise<ProviderInstrument> {
    const e = this.#known(symbol);
    if (e.assetClass === 'option') throw new ProviderError('synthetic', 'not_found', `${symbol} is not an instrument it lists`, { symbol });
    return { symbol, name: e.name, exchange: e.exchange, currency: e.currency, assetClass: e.assetClass };
  }

  #known(symbol: string): CatalogEntry {
    const entry = this.#entries.get(symbol);
    if (entry === undefined) throw new ProviderError('synthetic', 'not_found', `no instrument ${symbol}`, { symbol });
    return entry;
  }
}
