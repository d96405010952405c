import { type Interval, SOURCE_IDS, type SourceId } from '@bourse/core';

/**
 * The sources Bourse collects from. The same ids name a source in configuration
 * (BOURSE_PROVIDERS), in ETL jobs, on stored bars and in the API (`source=`); they
 * live in core beside the configuration that reads them.
 */
export { SOURCE_IDS, type SourceId };

export function isSourceId(value: string): value is SourceId {
  return (SOURCE_IDS as readonly string[]).includes(value);
}

/**
 * One OHLCV bar as a provider reports it, normalised: prices in the instrument's
 * quote currency and unit (VND, not thousands of VND), `start` the UTC epoch ms of
 * the bucket start. A daily bar's start is midnight of its trading day in the
 * exchange's time zone (HOSE 00:00 Asia/Ho_Chi_Minh, NYSE 00:00 America/New_York,
 * crypto 00:00 UTC). `trades` is absent when the provider does not count them.
 */
export interface ProviderBar {
  readonly symbol: string;
  readonly interval: Interval;
  readonly start: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly trades?: number;
  readonly source: SourceId;
}

/** A latest price as a provider reports it. */
export interface ProviderQuote {
  readonly symbol: string;
  /** UTC epoch ms of the price */
  readonly ts: number;
  readonly last: number;
  readonly bid?: number;
  readonly ask?: number;
  readonly currency: string;
  readonly source: SourceId;
}

/** A split (`ratio` new shares per old share: 4 for a 4-for-1) or a cash dividend per share, on its ex-date. */
export type CorporateAction =
  | { readonly symbol: string; readonly kind: 'split'; readonly exDate: string; readonly ratio: number; readonly source: SourceId }
  | {
      readonly symbol: string;
      readonly kind: 'dividend';
      readonly exDate: string;
      readonly amount: number;
      readonly currency: string;
      readonly source: SourceId;
    };

/** An instrument as the provider describes it: what a job needs to register a symbol the registry lacks. */
export interface ProviderInstrument {
  readonly symbol: string;
  readonly name: string;
  readonly exchange: string;
  readonly currency: string;
  readonly assetClass: 'equity' | 'etf' | 'index' | 'fx' | 'crypto' | 'future' | 'fund';
  readonly timeZone?: string;
}

/** A macro series (FRED): a missing observation is `null`, never 0. Dates are ISO days (YYYY-MM-DD). */
export interface MacroSeries {
  readonly seriesId: string;
  readonly title?: string;
  readonly units?: string;
  readonly observations: readonly { readonly date: string; readonly value: number | null }[];
  readonly source: SourceId;
}

/** What a call may carry: a deadline and cancellation. */
export interface CallOptions {
  readonly signal?: AbortSignal;
}

/**
 * The port every source implements (one folder per source under src/, as
 * ghostfolio's data providers). A method is present only where the provider has
 * the data; `capabilities` says the same for callers that plan work. Symbols are
 * Bourse's; each connector maps them to its own (AAPL → Yahoo AAPL, BTC-USD →
 * CoinGecko bitcoin and Binance BTCUSDT, FPT → VCI FPT) through `providerSymbol`.
 * Every response is validated against a schema at the edge; what fails is a
 * ProviderError naming the provider, the symbol and the field, never a NaN.
 */
export interface Provider {
  readonly id: SourceId;
  readonly capabilities: {
    readonly history: readonly Interval[];
    readonly quotes: boolean;
    readonly corporateActions: boolean;
    readonly instruments: boolean;
    readonly macro: boolean;
    readonly live: boolean;
  };
  /** The provider's symbol for a Bourse symbol, or undefined when it cannot serve it. */
  providerSymbol(symbol: string): string | undefined;
  /** Bars with start in [from, to), ascending, one per bucket. */
  history?(symbol: string, interval: Interval, from: number, to: number, options?: CallOptions): Promise<ProviderBar[]>;
  /** Latest quotes; symbols it cannot price are left out. */
  quotes?(symbols: readonly string[], options?: CallOptions): Promise<ProviderQuote[]>;
  /** Splits and dividends with ex-date in [from, to) (ISO days). */
  corporateActions?(symbol: string, from: string, to: string, options?: CallOptions): Promise<CorporateAction[]>;
  /** The provider's description of a symbol, to register it. */
  instrument?(symbol: string, options?: CallOptions): Promise<ProviderInstrument>;
  /** Observations of a macro series with date in [from, to] (ISO days). */
  macro?(seriesId: string, from: string, to: string, options?: CallOptions): Promise<MacroSeries>;
}

/**
 * Why a provider call failed. `kind` decides what callers do: `rate_limited` and
 * `unavailable` are transient (retried with backoff, counted by the breaker);
 * `schema` (a field that vanished or changed type), `not_found` and `auth` are
 * not, and fail that symbol's fetch.
 */
export type ProviderErrorKind = 'schema' | 'rate_limited' | 'unavailable' | 'not_found' | 'auth' | 'bad_request';

export class ProviderError extends Error {
  override name = 'ProviderError';
  constructor(
    readonly provider: SourceId,
    readonly kind: ProviderErrorKind,
    message: string,
    readonly details: { readonly symbol?: string; readonly field?: string; readonly retryAfterMs?: number; readonly status?: number } = {},
    options?: { cause?: unknown },
  ) {
    super(`${provider}: ${message}`, options);
  }

  get transient(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'unavailable';
  }
}
