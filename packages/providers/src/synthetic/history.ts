import {
  BadRequestError,
  type Bar,
  bucketStart,
  CATALOG,
  type CatalogEntry,
  INTERVAL_MS,
  type Interval,
  NotFoundError,
} from '@bourse/core';
import { mixSeed, Rng } from './random.ts';

/** Milliseconds in the simulation's year: the synthetic market trades around the clock. */
export const MS_PER_YEAR = 365.25 * 24 * 3600 * 1000;

const DAY_MS = 86_400_000;
const MINUTES_PER_DAY = 1440;
const MINUTE_YEARS = 60_000 / MS_PER_YEAR;
const DAY_YEARS = DAY_MS / MS_PER_YEAR;
/** The day (UTC) on which every instrument's history passes through its CATALOG start price. */
export const HISTORY_ANCHOR_MS = Date.UTC(2024, 0, 1);
const ANCHOR_DAY = HISTORY_ANCHOR_MS / DAY_MS;
/** The most bars one call may ask for: a larger backfill goes in pieces. */
export const MAX_HISTORY_BARS = 50_000;

export interface SyntheticHistoryOptions {
  readonly seed: number;
  readonly instruments?: readonly CatalogEntry[];
  /** the live feed's total rate, which sets the trade counts of the bars (default 200 ticks/s) */
  readonly ticksPerSecond?: number;
}

/** One day of one-minute bars as parallel arrays (raw, before rounding to the tick grid). */
interface MinuteDay {
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  readonly trades: Uint32Array;
}

/**
 * Deterministic price history of the synthetic market, for backfills that work offline.
 * Each instrument's daily closes are a GBM walk through its CATALOG price on the anchor
 * day, with the shock of day d drawn from (seed, symbol, d) alone; within a day, one-minute
 * prices are a Brownian bridge between that day's open and close, drawn from (seed, symbol, d)
 * too, and the high/low of each minute are exact samples of the bridge's extremes. Every
 * interval is built from the same minutes, so a 1h bar is the sum of its 1m bars.
 */
export class SyntheticHistory {
  readonly seed: number;
  readonly #entries = new Map<string, CatalogEntry>();
  readonly #ticksPerMinute = new Map<string, number>();
  readonly #openMemo = new Map<string, { day: number; log: number }>();

  constructor(options: SyntheticHistoryOptions) {
    this.seed = options.seed;
    const instruments = options.instruments ?? CATALOG;
    const totalWeight = instruments.reduce((sum, e) => sum + e.sim.weight, 0);
    const rate = options.ticksPerSecond ?? 200;
    for (const entry of instruments) {
      this.#entries.set(entry.symbol, entry);
      this.#ticksPerMinute.set(entry.symbol, (rate * 60 * entry.sim.weight) / totalWeight);
    }
  }

  has(symbol: string): boolean {
    return this.#entries.has(symbol);
  }

  /** Finished bars of `interval` whose start lies in [bucketStart(from), to) and whose end is not after `now`. */
  bars(symbol: string, interval: Interval, from: number, to: number, now: number): Bar[] {
    const entry = this.#entry(symbol);
    if (!Number.isFinite(from) || !Number.isFinite(to) || from < 0 || to < from) {
      throw new BadRequestError(`bad time range from=${from} to=${to}`, { from, to });
    }
    const step = INTERVAL_MS[interval];
    const first = bucketStart(from, interval);
    // Only bars that have ended: the synthetic past is fixed, its future is not yet drawn.
    const end = Math.min(to, now - step + 1);
    const count = Math.max(0, Math.ceil((end - first) / step));
    if (count > MAX_HISTORY_BARS) {
      throw new BadRequestError(`asks for ${count} ${interval} bars; at most ${MAX_HISTORY_BARS} a call`, { count, max: MAX_HISTORY_BARS });
    }
    const tick = entry.tickSize;
    const round = (p: number) => roundToGrid(p, tick);
    const perBar = step / 60_000;
    const out: Bar[] = [];
    let day = -1;
    let minutes: MinuteDay | undefined;
    for (let start = first; start < end; start += step) {
      let open = 0;
      let high = -Infinity;
      let low = Infinity;
      let close = 0;
      let volume = 0;
      let trades = 0;
      let notional = 0;
      for (let m = 0; m < perBar; m++) {
        const t = start + m * 60_000;
        const d = Math.floor(t / DAY_MS);
        if (d !== day) {
          day = d;
          minutes = this.#minutes(entry, d);
        }
        const i = (t - d * DAY_MS) / 60_000;
        const md = minutes!;
        if (m === 0) open = md.open[i]!;
        high = Math.max(high, md.high[i]!);
        low = Math.min(low, md.low[i]!);
        close = md.close[i]!;
        volume += md.volume[i]!;
        trades += md.trades[i]!;
        notional += md.volume[i]! * ((md.high[i]! + md.low[i]! + md.close[i]!) / 3);
      }
      const o = round(open);
      const c = round(close);
      const bar: Bar = {
        symbol,
        interval,
        start,
        open: o,
        high: Math.max(round(high), o, c),
        low: Math.min(round(low), o, c),
        close: c,
        volume: roundToGrid(volume, entry.lotSize),
        trades,
        // VWAP from each minute's typical price; with no volume (indices) it is the close.
        vwap: volume > 0 ? notional / volume : c,
        final: true,
      };
      out.push(bar);
    }
    return out;
  }

  /** The synthetic price at `ts`: the close of the minute that contains it, on the tick grid. */
  priceAt(symbol: string, ts: number): number {
    const entry = this.#entry(symbol);
    const day = Math.floor(ts / DAY_MS);
    const minute = Math.floor((ts - day * DAY_MS) / 60_000);
    return Math.max(entry.tickSize, roundToGrid(this.#minutes(entry, day).close[minute]!, entry.tickSize));
  }

  /**
   * The close of the last whole minute before `ts`: the close of the last one-minute bar a
   * backfill up to `ts` writes, and so the price the live feed starts from at `ts` (no jump
   * between history and live).
   */
  closeBefore(symbol: string, ts: number): number {
    return this.priceAt(symbol, Math.floor(ts / 60_000) * 60_000 - 1);
  }

  #entry(symbol: string): CatalogEntry {
    const entry = this.#entries.get(symbol);
    if (entry === undefined) throw new NotFoundError(`unknown symbol ${symbol}`, { symbol });
    return entry;
  }

  /** Log price at 00:00 UTC of `day`: the anchor price moved by every daily shock in between. */
  #dayOpenLog(entry: CatalogEntry, day: number): number {
    const { drift, vol } = entry.sim;
    const mean = (drift - (vol * vol) / 2) * DAY_YEARS;
    const sd = vol * Math.sqrt(DAY_YEARS);
    // Walk on from the last day asked for when that is earlier (backfills go forward day by day), else from the anchor.
    const memo = this.#openMemo.get(entry.symbol);
    let from = ANCHOR_DAY;
    let log = Math.log(entry.sim.price);
    if (memo !== undefined && memo.day <= day && memo.day >= ANCHOR_DAY) {
      from = memo.day;
      log = memo.log;
    }
    if (day >= ANCHOR_DAY) for (let d = from; d < day; d++) log += mean + sd * this.#dayShock(entry.symbol, d);
    else for (let d = day; d < ANCHOR_DAY; d++) log -= mean + sd * this.#dayShock(entry.symbol, d);
    this.#openMemo.set(entry.symbol, { day, log });
    return log;
  }

  #dayShock(symbol: string, day: number): number {
    return new Rng(mixSeed(this.seed, symbol, day, 'day')).normal();
  }

  #minutes(entry: CatalogEntry, day: number): MinuteDay {
    const { vol, lots } = entry.sim;
    const l0 = this.#dayOpenLog(entry, day);
    const { drift } = entry.sim;
    const l1 = l0 + (drift - (vol * vol) / 2) * DAY_YEARS + vol * Math.sqrt(DAY_YEARS) * this.#dayShock(entry.symbol, day);
    const rng = new Rng(mixSeed(this.seed, entry.symbol, day, 'minutes'));
    const sd = vol * Math.sqrt(MINUTE_YEARS);
    // A free Brownian path, then pinned to the day's close (the bridge): B_i = l0 + W_i - (i/N)(W_N - (l1 - l0)).
    const w = new Float64Array(MINUTES_PER_DAY + 1);
    for (let i = 1; i <= MINUTES_PER_DAY; i++) w[i] = w[i - 1]! + sd * rng.normal();
    const pull = w[MINUTES_PER_DAY]! - (l1 - l0);
    const path = (i: number) => l0 + w[i]! - (i / MINUTES_PER_DAY) * pull;
    const out: MinuteDay = {
      open: new Float64Array(MINUTES_PER_DAY),
      high: new Float64Array(MINUTES_PER_DAY),
      low: new Float64Array(MINUTES_PER_DAY),
      close: new Float64Array(MINUTES_PER_DAY),
      volume: new Float64Array(MINUTES_PER_DAY),
      trades: new Uint32Array(MINUTES_PER_DAY),
    };
    const variance = sd * sd;
    const rate = this.#ticksPerMinute.get(entry.symbol)!;
    for (let i = 0; i < MINUTES_PER_DAY; i++) {
      const a = path(i);
      const b = path(i + 1);
      // Exact draws of the max and min of a Brownian bridge from a to b over one minute.
      const gap = (b - a) * (b - a);
      const up = (a + b + Math.sqrt(gap - 2 * variance * Math.log(rng.floatOpenZero()))) / 2;
      const down = (a + b - Math.sqrt(gap - 2 * variance * Math.log(rng.floatOpenZero()))) / 2;
      out.open[i] = Math.exp(a);
      out.close[i] = Math.exp(b);
      out.high[i] = Math.exp(up);
      out.low[i] = Math.exp(down);
      const trades = Math.max(1, Math.round(rate * Math.exp(0.3 * rng.normal())));
      out.trades[i] = trades;
      // Typical size per trade as in the live feed (a lognormal with median `lots` has mean lots * e^0.5).
      out.volume[i] = lots > 0 ? Math.round(trades * lots * Math.exp(0.5 + 0.3 * rng.normal())) * entry.lotSize : 0;
    }
    return out;
  }
}

/** `value` on a grid of `step`, without binary noise for steps like 0.01 or 1e-5. */
export function roundToGrid(value: number, step: number): number {
  const perUnit = Math.round(1 / step);
  if (step < 1 && Math.abs(1 / perUnit - step) < step * 1e-9) return Math.round(value * perUnit) / perUnit;
  return Math.round(value / step) * step;
}
