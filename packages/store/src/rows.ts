/**
 * Conversions at the repository boundary: the domain speaks UTC epoch ms, SQL
 * speaks timestamptz. Bulk statements pass epoch ms as int8 arrays and convert
 * in SQL with `msToTs`, which is exact (integer microseconds) and avoids
 * formatting a date string per row.
 */
import { sql, type RawBuilder } from 'kysely';

export function toMs(value: Date | string | number): number {
  if (value instanceof Date) return value.getTime();
  return typeof value === 'number' ? value : new Date(value).getTime();
}

export function toDate(ms: number): Date {
  return new Date(ms);
}

/** SQL expression turning an int8 of epoch ms into a timestamptz. */
export function msToTs(expr: RawBuilder<unknown>): RawBuilder<Date> {
  return sql<Date>`(timestamptz 'epoch' + ${expr} * interval '1 millisecond')`;
}

/** Escape `%`, `_` and `\` for LIKE/ILIKE patterns (backslash is the default escape). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Range options. `from` and `to` are inclusive UTC epoch ms. With `from`, the
 * first `limit` rows from there; without it, the last `limit` rows up to `to`
 * (the most recent history). Rows are always returned ascending.
 */
export interface RangeQuery {
  from?: number;
  to?: number;
  limit: number;
}
