/** A price series field an indicator can read. `start` is the bar start time in epoch milliseconds. */
export type InputName = 'open' | 'high' | 'low' | 'close' | 'volume' | 'start';

/** One bar as streaming indicators read it; structurally compatible with `Bar` from `@bourse/core`. */
export interface OhlcvBar {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  /** Bar start, epoch milliseconds. Only session-anchored indicators (VWAP) read it. */
  readonly start?: number;
}

export type HlcBar = Pick<OhlcvBar, 'high' | 'low' | 'close'>;
export type HlBar = Pick<OhlcvBar, 'high' | 'low'>;
export type HlcvBar = Pick<OhlcvBar, 'high' | 'low' | 'close' | 'volume'>;

/** Columnar OHLCV input for batch functions: one Float64Array per field, all the same length. */
export type SeriesInputs = { readonly [K in InputName]?: Float64Array };

export interface ParamSpec<P extends string = string> {
  readonly name: P;
  readonly description: string;
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
}

export type Params<P extends string> = { readonly [K in P]: number };

/** Values of every output at one bar. */
export type OutputValues<O extends string> = { readonly [K in O]: number };

/**
 * Streaming form of an indicator as the registry exposes it: one OHLCV bar at a time.
 * `update` appends a bar, `replace` revises the last bar (the open bar changes with every tick).
 * Both return the values at the latest bar, or null during warm-up. A multi-output stream may return
 * the same object from every call, updated in place (no allocation per tick): copy it to keep a
 * bar's values.
 */
export interface IndicatorStream<O extends string = string> {
  update(bar: OhlcvBar): OutputValues<O> | null;
  replace(bar: OhlcvBar): OutputValues<O> | null;
  /** Values at the latest bar, or null during warm-up. */
  readonly value: OutputValues<O> | null;
  /** Bars seen so far (a replace does not count). */
  readonly count: number;
}

export interface IndicatorDefinition<P extends string = string, O extends string = string> {
  /** Lower-case id, e.g. `rsi`, `macd`, `bbands`. */
  readonly name: string;
  /** Human-readable name, e.g. `Relative Strength Index`. */
  readonly title: string;
  readonly description: string;
  readonly group: 'moving-average' | 'momentum' | 'volatility' | 'volume' | 'trend';
  /** Required input series. */
  readonly inputs: readonly InputName[];
  /** Input series used when present (VWAP reads `start` to reset at each session). */
  readonly optionalInputs: readonly InputName[];
  readonly params: readonly ParamSpec<P>[];
  readonly outputs: readonly O[];
  /** TA-Lib reference function, when TA-Lib has the indicator. */
  readonly talib: string | null;
  /** Number of leading bars with NaN outputs (all outputs start together). */
  lookback(params: Params<P>): number;
  batch(inputs: SeriesInputs, params: Params<P>): { [K in O]: Float64Array };
  stream(params: Params<P>): IndicatorStream<O>;
}
