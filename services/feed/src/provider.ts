import { type Bar, type CatalogEntry, type Interval, isInterval, BadRequestError } from '@bourse/core';
import { roundToGrid, SyntheticHistory } from '@bourse/providers';
import type { SyntheticMarket } from './market.ts';

/** A price as a provider reports it; market-data derives open/high/low/change from bars. */
export interface ProviderQuote {
  readonly symbol: string;
  /** UTC epoch ms of the price */
  readonly ts: number;
  readonly last: number;
  readonly bid: number;
  readonly ask: number;
  readonly currency: string;
}

/**
 * The port every price source implements: the synthetic market now, real vendors later
 * (one folder per vendor, as ghostfolio's data providers). Collectors ask each provider
 * whether it handles a symbol and use the first that does.
 */
export interface PriceProvider {
  readonly name: string;
  canHandle(symbol: string): boolean;
  /** Latest quotes of the symbols it handles; symbols it cannot price are left out. */
  getQuotes(symbols: readonly string[]): Promise<ProviderQuote[]>;
  /** Finished bars with start in [bucketStart(from), to), ascending. Unknown symbol: NotFoundError; bad range: BadRequestError. */
  getHistorical(symbol: string, interval: Interval, from: number, to: number): Promise<Bar[]>;
}

export interface SyntheticProviderOptions {
  /** the live market quotes come from */
  readonly market: SyntheticMarket;
  /** the clock that decides which bars are finished (default Date.now) */
  readonly now?: () => number;
  /** the live feed's total rate, for the trade counts of historical bars (default 200) */
  readonly ticksPerSecond?: number;
}

/** The synthetic market as a PriceProvider: live quotes from the market, history drawn from the seed. */
export class SyntheticProvider implements PriceProvider {
  readonly name = 'synthetic';
  readonly history: SyntheticHistory;
  readonly #market: SyntheticMarket;
  readonly #now: () => number;
  readonly #entries: ReadonlyMap<string, CatalogEntry>;

  constructor(options: SyntheticProviderOptions) {
    this.#market = options.market;
    this.#now = options.now ?? Date.now;
    const instruments = options.market.instruments;
    this.#entries = new Map(instruments.map((e) => [e.symbol, e]));
    this.history = new SyntheticHistory({
      seed: options.market.seed,
      instruments,
      ...(options.ticksPerSecond === undefined ? {} : { ticksPerSecond: options.ticksPerSecond }),
    });
  }

  canHandle(symbol: string): boolean {
    return this.#entries.has(symbol);
  }

  async getQuotes(symbols: readonly string[]): Promise<ProviderQuote[]> {
    const quotes: ProviderQuote[] = [];
    for (const symbol of symbols) {
      const entry = this.#entries.get(symbol);
      if (entry === undefined) continue;
      const tick = this.#market.lastTick(symbol);
      if (tick !== undefined) {
        quotes.push({ symbol, ts: tick.ts, last: tick.price, bid: tick.bid, ask: tick.ask, currency: entry.currency });
      } else {
        // Not ticked yet: its current price, one tick wide.
        const last = this.#market.price(symbol);
        quotes.push({
          symbol,
          ts: this.#now(),
          last,
          bid: last,
          ask: roundToGrid(last + entry.tickSize, entry.tickSize),
          currency: entry.currency,
        });
      }
    }
    return quotes;
  }

  async getHistorical(symbol: string, interval: Interval, from: number, to: number): Promise<Bar[]> {
    if (!isInterval(interval)) throw new BadRequestError(`unknown interval ${String(interval)}`);
    return this.history.bars(symbol, interval, from, to, this.#now());
  }
}
