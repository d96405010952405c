import { bucketStart, type Interval } from '@bourse/core';
import { parse } from 'csv-parse/sync';

/** One imported bar: `start` the bucket start (UTC epoch ms; a daily bar's date at 00:00 UTC, as the tick-built bars). */
export interface CsvBar {
  readonly start: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** A row that does not read, by its line in the file (the header is line 1). */
export interface RowError {
  readonly line: number;
  readonly message: string;
}

const COLUMNS: Record<string, readonly string[]> = {
  time: ['date', 'time', 'timestamp', 'datetime', 't'],
  open: ['open', 'o'],
  high: ['high', 'h'],
  low: ['low', 'l'],
  close: ['close', 'c', 'price', 'value'],
  volume: ['volume', 'v', 'vol'],
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The bucket start of a date (YYYY-MM-DD), an ISO 8601 instant with its offset, or epoch ms. */
function readTime(text: string): number | string {
  if (/^\d{10,13}$/.test(text)) return Number(text);
  if (DATE.test(text)) {
    const ts = Date.parse(`${text}T00:00:00Z`);
    return Number.isFinite(ts) && new Date(ts).toISOString().startsWith(text) ? ts : `not a date: "${text}"`;
  }
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text))
    return `not a date or an instant with its offset: "${text}"`;
  const ts = Date.parse(text.replace(' ', 'T'));
  return Number.isFinite(ts) ? ts : `not an instant: "${text}"`;
}

function readNumber(text: string | undefined, name: string): number | string {
  if (text === undefined || text.trim() === '') return `${name} is missing`;
  const n = Number(text);
  return Number.isFinite(n) ? n : `${name} is not a number: "${text}"`;
}

/**
 * Read an OHLCV CSV (a header naming the columns; `date` and `close` required, `open`, `high`, `low`
 * default to the close and `volume` to 0) and check every row: numbers finite, prices positive,
 * low ≤ open, close ≤ high, volume not negative, the time at a bucket start of `interval`, no time
 * twice. Returns the bars that read, ascending, and an error per row that does not.
 */
export function parseOhlcvCsv(text: string, interval: Interval): { bars: CsvBar[]; errors: RowError[]; rows: number } {
  let records: string[][];
  try {
    records = parse(text, { skip_empty_lines: true, trim: true, relax_column_count: true, bom: true });
  } catch (err) {
    return { bars: [], rows: 0, errors: [{ line: (err as { lines?: number }).lines ?? 1, message: `not CSV: ${(err as Error).message}` }] };
  }
  const [header, ...body] = records;
  if (header === undefined) return { bars: [], rows: 0, errors: [{ line: 1, message: 'the file is empty: a header and rows expected' }] };
  const names = header.map((h) => h.toLowerCase());
  const at: Record<string, number> = {};
  for (const [column, aliases] of Object.entries(COLUMNS)) {
    const i = names.findIndex((n) => aliases.includes(n));
    if (i >= 0) at[column] = i;
  }
  if (at['time'] === undefined || at['close'] === undefined) {
    return {
      bars: [],
      rows: body.length,
      errors: [{ line: 1, message: `the header needs a date and a close column (got ${header.join(', ')})` }],
    };
  }
  const bars: CsvBar[] = [];
  const errors: RowError[] = [];
  const seen = new Map<number, number>();
  body.forEach((row, i) => {
    const line = i + 2;
    const cell = (column: string) => {
      const index = at[column];
      return index === undefined ? undefined : row[index];
    };
    const problems: string[] = [];
    const time = readTime(cell('time') ?? '');
    const close = readNumber(cell('close'), 'close');
    const value = (column: string, fallback: number | string) => (at[column] === undefined ? fallback : readNumber(cell(column), column));
    const open = value('open', close);
    const high = value('high', close);
    const low = value('low', close);
    const volume = value('volume', 0);
    for (const v of [time, open, high, low, close, volume]) if (typeof v === 'string') problems.push(v);
    if (problems.length === 0) {
      const [t, o, h, l, c, vol] = [time, open, high, low, close, volume] as number[];
      if (!(o! > 0 && h! > 0 && l! > 0 && c! > 0)) problems.push('prices must be positive');
      if (!(l! <= Math.min(o!, c!) && h! >= Math.max(o!, c!))) problems.push('low ≤ open, close ≤ high does not hold');
      if (vol! < 0) problems.push('volume must not be negative');
      if (bucketStart(t!, interval) !== t) problems.push(`${cell('time')} is not the start of a ${interval} bar`);
      const earlier = seen.get(t!);
      if (earlier !== undefined) problems.push(`the same time as line ${earlier}`);
      if (problems.length === 0) {
        seen.set(t!, line);
        bars.push({ start: t!, open: o!, high: h!, low: l!, close: c!, volume: vol! });
      }
    }
    if (problems.length > 0) errors.push({ line, message: problems.join('; ') });
  });
  bars.sort((a, b) => a.start - b.start);
  return { bars, errors, rows: body.length };
}
