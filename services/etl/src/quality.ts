import { INTERVAL_MS, type Interval } from '@bourse/core';
import type { EtlIssue, LoadBar } from '@bourse/store';

/** The checks every load runs; their names are the `check` of a stored issue and the metric label. */
export const CHECKS = [
  'non_finite',
  'non_positive_price',
  'negative_volume',
  'ohlc',
  'duplicate',
  'out_of_order',
  'gap',
  'outlier',
  'stale',
] as const;
export type Check = (typeof CHECKS)[number];

/** A row as the provider gave it: numbers that may still be NaN, infinite, negative or inconsistent. */
export interface RawBar {
  readonly start: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly trades?: number | undefined;
}

export interface QualityOptions {
  readonly interval: Interval;
  /** the end of the range asked for (exclusive): a series whose last bar is far before it is stale */
  readonly to: number;
  /** markets that trade every day (crypto) have no weekend gap rule */
  readonly everyDay: boolean;
  /** a return more than this many robust deviations (1.4826 MAD) from the median return is an outlier (default 8) */
  readonly outlierDeviations?: number;
}

export interface QualityResult {
  readonly accepted: LoadBar[];
  readonly issues: EtlIssue[];
}

const DAY = 86_400_000;

/**
 * Data quality of one symbol's fetch. Rows that cannot be prices (non-finite, non-positive,
 * negative volume, inconsistent OHLC, repeated or out-of-order times) are rejected and kept with
 * their reason; gaps, outliers and staleness are flagged on loaded data, never dropped.
 *
 * Gaps: against the exchange calendar once calendars live in a package (h-dataops moves them
 * there); until then, a daily series misses a weekday it skipped (every day for crypto), and an
 * intraday series misses the buckets skipped within one UTC day.
 */
export function checkBars(rows: readonly RawBar[], options: QualityOptions): QualityResult {
  const issues: EtlIssue[] = [];
  const reject = (check: Check, row: RawBar, reason: string) =>
    issues.push({ check, rejected: true, reason, start: Number.isFinite(row.start) ? row.start : null, row: printable(row) });
  const accepted: LoadBar[] = [];
  const seen = new Set<number>();
  let last = -Infinity;
  for (const row of rows) {
    const fields = { start: row.start, open: row.open, high: row.high, low: row.low, close: row.close, volume: row.volume };
    const bad = Object.entries(fields).filter(([, v]) => typeof v !== 'number' || !Number.isFinite(v));
    if (bad.length > 0 || (row.trades !== undefined && !Number.isFinite(row.trades))) {
      reject('non_finite', row, `${bad.map(([k]) => k).join(', ') || 'trades'} not a finite number`);
      continue;
    }
    const prices = { open: row.open, high: row.high, low: row.low, close: row.close };
    const nonPositive = Object.entries(prices).filter(([, v]) => v <= 0);
    if (nonPositive.length > 0) {
      reject('non_positive_price', row, `${nonPositive.map(([k, v]) => `${k} ${v}`).join(', ')} not positive`);
      continue;
    }
    if (row.volume < 0) {
      reject('negative_volume', row, `volume ${row.volume} is negative`);
      continue;
    }
    if (row.low > Math.min(row.open, row.close) || row.high < Math.max(row.open, row.close) || row.low > row.high) {
      reject('ohlc', row, `inconsistent OHLC: open ${row.open}, high ${row.high}, low ${row.low}, close ${row.close}`);
      continue;
    }
    if (seen.has(row.start)) {
      reject('duplicate', row, `a second bar at ${new Date(row.start).toISOString()}`);
      continue;
    }
    if (row.start < last) {
      reject('out_of_order', row, `${new Date(row.start).toISOString()} comes after ${new Date(last).toISOString()}`);
      continue;
    }
    seen.add(row.start);
    last = row.start;
    accepted.push({ ...fields, ...(row.trades === undefined ? {} : { trades: row.trades }) });
  }
  issues.push(...gaps(accepted, options), ...outliers(accepted, options.outlierDeviations ?? 8), ...stale(accepted, options));
  return { accepted, issues };
}

function flag(check: Check, start: number | null, reason: string): EtlIssue {
  return { check, rejected: false, reason, start };
}

function gaps(bars: readonly LoadBar[], { interval, everyDay }: QualityOptions): EtlIssue[] {
  const out: EtlIssue[] = [];
  const step = INTERVAL_MS[interval];
  for (let i = 1; i < bars.length; i++) {
    const a = bars[i - 1]!.start;
    const b = bars[i]!.start;
    let missing = 0;
    if (interval === '1d') {
      // Whole days between the two, less weekends where the market keeps them (dates by UTC noon, DST-safe).
      for (let t = a + DAY; t <= b - DAY / 2; t += DAY) {
        const weekday = new Date(t + DAY / 2).getUTCDay();
        if (everyDay || (weekday !== 0 && weekday !== 6)) missing++;
      }
    } else if (Math.floor(a / DAY) === Math.floor(b / DAY)) {
      missing = Math.round((b - a) / step) - 1;
    }
    if (missing > 0)
      out.push(flag('gap', a + step, `${missing} ${interval} bar${missing > 1 ? 's' : ''} missing after ${new Date(a).toISOString()}`));
  }
  return out;
}

/** Returns far from the median in units of the median absolute deviation: robust to the outliers it looks for. */
function outliers(bars: readonly LoadBar[], deviations: number): EtlIssue[] {
  if (bars.length < 20) return [];
  const returns = bars.slice(1).map((b, i) => Math.log(b.close / bars[i]!.close));
  const med = median(returns);
  const mad = median(returns.map((r) => Math.abs(r - med))) * 1.4826;
  if (!(mad > 0)) return [];
  const out: EtlIssue[] = [];
  returns.forEach((r, i) => {
    const z = (r - med) / mad;
    if (Math.abs(z) > deviations) {
      const bar = bars[i + 1]!;
      out.push(flag('outlier', bar.start, `return ${(r * 100).toFixed(2)}% is ${z.toFixed(1)} robust deviations from the median`));
    }
  });
  return out;
}

/** A series whose last bar is long before the end of the range, or whose close has not moved for many bars. */
function stale(bars: readonly LoadBar[], { interval, to, everyDay }: QualityOptions): EtlIssue[] {
  const last = bars.at(-1);
  if (last === undefined) return [];
  const out: EtlIssue[] = [];
  const step = INTERVAL_MS[interval];
  // A long weekend or holiday is not staleness: allow four days for daily bars of markets that close.
  const allowed = interval === '1d' ? (everyDay ? 2 : 5) * DAY : Math.max(DAY, 10 * step) + (everyDay ? 0 : 3 * DAY);
  const end = last.start + step;
  if (to - end > allowed)
    out.push(
      flag(
        'stale',
        last.start,
        `last bar ${new Date(last.start).toISOString()} is ${Math.round((to - end) / 3_600_000)} h before the range's end`,
      ),
    );
  let run = 1;
  for (let i = bars.length - 1; i > 0 && bars[i]!.close === bars[i - 1]!.close && bars[i]!.volume === 0; i--) run++;
  if (run >= 10) out.push(flag('stale', last.start, `the close has not moved for the last ${run} bars, with no volume`));
  return out;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A rejected row as JSON can hold it: NaN and infinities as text. */
function printable(row: RawBar): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'number' && !Number.isFinite(v) ? String(v) : (v as number);
  return out;
}
