import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Tick } from '@bourse/core';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { toStoreError } from '../errors.ts';
import { COPY_TICKS, type CopyTicks, isUniqueViolation } from '../repositories/ticks.ts';

/**
 * Ticks in the binary COPY format, for a PostgreSQL server: no number or
 * timestamp to print here nor to parse there. Columns, in order:
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

const COPY_TICKS_BINARY = `${COPY_TICKS} stdin with (format binary)`;

/** The COPY path on PostgreSQL: binary COPY FROM STDIN on a pooled connection; `where` names the server in errors. */
export function pgCopyTicks(pool: pg.Pool, where: string): CopyTicks {
  return async (ticks, after) => {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw toStoreError(error, `cannot connect to ${where}`);
    }
    let broken: Error | undefined;
    try {
      await client.query('begin');
      const copying = pipeline(Readable.from([ticksCopyBinary(ticks)]), client.query(copyFrom(COPY_TICKS_BINARY)));
      copying.catch(() => {}); // awaited below; this only silences the interim
      // Prepare the next statement while the server copies.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const next = after();
      try {
        await copying;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // A failed COPY leaves the connection mid-protocol for a moment: drop
        // it (the server rolls back) rather than race a ROLLBACK on it. Rare:
        // only redeliveries get here.
        broken = error as Error;
        return false;
      }
      await client.query(next.sql, next.parameters as unknown[]);
      await client.query('commit');
      return true;
    } catch (error) {
      // Drop the connection rather than reuse one in an unknown state; the server rolls back.
      broken = error as Error;
      throw toStoreError(error, where);
    } finally {
      client.release(broken ?? false);
    }
  };
}
