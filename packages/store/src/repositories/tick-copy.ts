import type { Tick } from '@bourse/core';

/**
 * Ticks in the two COPY formats PostgreSQL reads: binary for a PostgreSQL
 * server (no number or timestamp to print here nor to parse there), text for
 * PGlite (its COPY FROM '/dev/blob' path). Columns, in order:
 * symbol text, ts timestamptz, seq int8, price, size, bid, ask float8.
 */

/** The binary COPY file header: signature, flags (no OIDs), header extension length 0. */
const HEADER = Buffer.from('PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0', 'latin1');
const FIELDS = 7;
/** Bytes of one row besides the symbol: field count, 7 lengths, 6 eight-byte values. */
const ROW_FIXED = 2 + FIELDS * 4 + 6 * 8;
/** 2000-01-01T00:00:00Z, PostgreSQL's timestamp epoch, in Unix ms. */
const PG_EPOCH_MS = 946_684_800_000;
const TWO_32 = 4_294_967_296;

const symbolBytes = new Map<string, Buffer>();
function utf8(symbol: string): Buffer {
  let bytes = symbolBytes.get(symbol);
  if (!bytes) {
    bytes = Buffer.from(symbol, 'utf8');
    if (symbolBytes.size > 100_000) symbolBytes.clear(); // instruments are few; bound it anyway
    symbolBytes.set(symbol, bytes);
  }
  return bytes;
}

/** An integer below 2^63 in magnitude (exact below 2^53) as a big-endian int64. */
function setInt64(view: DataView, at: number, value: number): void {
  const hi = Math.floor(value / TWO_32);
  view.setInt32(at, hi);
  view.setUint32(at + 4, value - hi * TWO_32);
}

/**
 * The ticks as one binary COPY stream (header, rows, trailer). `ts` becomes
 * microseconds since 2000-01-01 (exact: ms are integers), as timestamptz is
 * stored; every float8 is its IEEE bits, so what is stored is what was sent.
 */
export function ticksCopyBinary(ticks: readonly Tick[]): Buffer {
  let size = HEADER.length + 2;
  const names = new Array<Buffer>(ticks.length);
  for (let i = 0; i < ticks.length; i++) {
    const name = utf8(ticks[i]!.symbol);
    names[i] = name;
    size += ROW_FIXED + name.length;
  }
  const out = Buffer.allocUnsafe(size);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  HEADER.copy(out, 0);
  let at = HEADER.length;
  for (let i = 0; i < ticks.length; i++) {
    const t = ticks[i]!;
    const name = names[i]!;
    view.setInt16(at, FIELDS);
    view.setInt32(at + 2, name.length);
    at += 6;
    name.copy(out, at);
    at += name.length;
    view.setInt32(at, 8);
    setInt64(view, at + 4, (t.ts - PG_EPOCH_MS) * 1000);
    view.setInt32(at + 12, 8);
    setInt64(view, at + 16, t.seq);
    view.setInt32(at + 24, 8);
    view.setFloat64(at + 28, t.price);
    view.setInt32(at + 36, 8);
    view.setFloat64(at + 40, t.size);
    view.setInt32(at + 48, 8);
    view.setFloat64(at + 52, t.bid);
    view.setInt32(at + 60, 8);
    view.setFloat64(at + 64, t.ask);
    at += 72;
  }
  view.setInt16(at, -1);
  return out;
}

const pad2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const pad3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
let isoDay = Number.NaN;
let isoDayText = '';

/** `new Date(ms).toISOString()` for COPY, several times faster: the date part is cached per day, the time built from tables. */
export function isoTimestamp(ms: number): string {
  if (!Number.isInteger(ms)) return new Date(ms).toISOString();
  const day = Math.floor(ms / 86_400_000);
  if (day !== isoDay) {
    const text = new Date(day * 86_400_000).toISOString();
    // Years outside 0000-9999 have a longer form; let Date handle those whole.
    if (text.length !== 24) return new Date(ms).toISOString();
    isoDay = day;
    isoDayText = text.slice(0, 11);
  }
  let rest = ms - day * 86_400_000;
  const milli = rest % 1000;
  rest = (rest - milli) / 1000;
  const sec = rest % 60;
  rest = (rest - sec) / 60;
  const min = rest % 60;
  const hour = (rest - min) / 60;
  return `${isoDayText}${pad2[hour]}:${pad2[min]}:${pad2[sec]}.${pad3[milli]}Z`;
}

/** One COPY text-format line per tick; symbols are escaped if they hold a backslash, tab or newline. */
export function ticksCopyText(ticks: readonly Tick[]): string {
  const lines = new Array<string>(ticks.length + 1);
  for (let i = 0; i < ticks.length; i++) {
    const t = ticks[i]!;
    const symbol = /[\\\t\n\r]/.test(t.symbol)
      ? t.symbol.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
      : t.symbol;
    lines[i] = `${symbol}\t${isoTimestamp(t.ts)}\t${t.seq}\t${t.price}\t${t.size}\t${t.bid}\t${t.ask}`;
  }
  lines[ticks.length] = '';
  return lines.join('\n');
}
