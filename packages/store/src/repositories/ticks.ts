import { INTERVALS, type Tick } from '@bourse/core';
import { aggregateSorted } from '@bourse/quant/bars';
import type { CompiledQuery, Kysely } from 'kysely';
import { type RangeQuery, toDate, toMs } from '../rows.ts';
import type { Database } from '../schema.ts';
import { barsAndQuotes, ingestStatement } from './ingest-sql.ts';
import { compare } from './reference.ts';

export interface IngestResult {
  inserted: number;
  duplicates: number;
}

export interface LastSeq {
  seq: number;
  ts: number;
  price: number;
}

export interface TickRepository {
  /**
   * Store ticks and fold the new ones into bars and latest quotes, in one
   * transaction. A tick already stored (same symbol, ts, seq) is a duplicate
   * and changes nothing, so redelivery is harmless.
   */
  ingest(ticks: readonly Tick[]): Promise<IngestResult>;
  range(symbol: string, query: RangeQuery): Promise<Tick[]>;
  /** The last tick stored per symbol, for a feed resuming after a restart. */
  lastSeq(): Promise<Map<string, LastSeq>>;
}

/**
 * A backend's bulk-load path for ticks (pglite/copy.ts, postgres/copy.ts): in
 * one transaction of its own, COPY the ticks (in the format the backend reads
 * fastest) into ticks, then run the statement `after()` returns (called once
 * the COPY is under way, so that work overlaps it) and commit. Resolves false,
 * with everything rolled back, when the COPY hit a tick already stored.
 */
export type CopyTicks = (ticks: readonly Tick[], after: () => CompiledQuery) => Promise<boolean>;

/** The head of a COPY into ticks, in the column order both COPY formats write; the backend appends its source. */
export const COPY_TICKS = 'copy ticks (symbol, ts, seq, price, size, bid, ask) from';

/** A COPY failing with this hit a tick already stored. */
export const isUniqueViolation = (error: unknown) => (error as { code?: unknown } | null)?.code === '23505';

function byTsSeq(a: Tick, b: Tick): number {
  return a.ts - b.ts || a.seq - b.seq;
}

/**
 * The batch sorted by (symbol, ts, seq), a key seen twice keeping its first
 * occurrence. Batches are made of per-symbol messages already in (ts, seq)
 * order, so this groups by symbol and sorts only the groups that need it.
 */
function sortedDistinct(batch: readonly Tick[]): Tick[] {
  const groups = new Map<string, Tick[]>();
  for (const t of batch) {
    const g = groups.get(t.symbol);
    if (g) g.push(t);
    else groups.set(t.symbol, [t]);
  }
  const unique: Tick[] = [];
  for (const symbol of [...groups.keys()].sort(compare)) {
    const g = groups.get(symbol)!;
    for (let i = 1; i < g.length; i++) {
      if (byTsSeq(g[i - 1]!, g[i]!) > 0) {
        g.sort(byTsSeq); // stable: of equal keys the first stays first
        break;
      }
    }
    let prev: Tick | undefined;
    for (const t of g) {
      if (!prev || prev.ts !== t.ts || prev.seq !== t.seq) unique.push(t);
      prev = t;
    }
  }
  return unique;
}

/** Later by (ts, seq): the order that decides closes and latest quotes. */
function later(a: Tick, b: Tick): boolean {
  return a.ts > b.ts || (a.ts === b.ts && a.seq > b.seq);
}

/** The latest tick per symbol by (ts, seq), sorted by symbol. */
function latestPerSymbol(ticks: readonly Tick[]): Tick[] {
  const latest = new Map<string, Tick>();
  for (const t of ticks) {
    const cur = latest.get(t.symbol);
    if (!cur || later(t, cur)) latest.set(t.symbol, t);
  }
  return [...latest.values()].sort((a, b) => compare(a.symbol, b.symbol));
}

/**
 * Ticks, and through their ingest the bars and latest quotes. `copy`: the
 * backend's COPY path, the fast way in for batches without duplicates; without
 * it every batch takes the one-statement SQL path.
 */
export function tickRepository(db: Kysely<Database>, copy?: CopyTicks): TickRepository {
  return {
    async ingest(batch) {
      if (batch.length === 0) return { inserted: 0, duplicates: 0 };
      // Sorted by key: every process takes row locks in the same order, so two
      // concurrent ingests wait for each other but never deadlock. A key seen
      // twice in the batch keeps its first occurrence.
      const unique = sortedDistinct(batch);

      // COPY the batch straight into ticks (the fastest way in); a duplicate
      // key fails the COPY, and then the batch goes the way below.
      const copied = copy ? await ingestByCopy(db, copy, unique) : undefined;
      const inserted = copied ?? (await ingestSql(db, unique));
      return { inserted, duplicates: batch.length - inserted };
    },

    async range(symbol, { from, to, limit }) {
      let q = db.selectFrom('ticks').select(['symbol', 'ts', 'seq', 'price', 'size', 'bid', 'ask']).where('symbol', '=', symbol);
      if (from !== undefined) q = q.where('ts', '>=', toDate(from));
      if (to !== undefined) q = q.where('ts', '<=', toDate(to));
      const newest = from === undefined;
      const rows = await q
        .orderBy('ts', newest ? 'desc' : 'asc')
        .orderBy('seq', newest ? 'desc' : 'asc')
        .limit(limit)
        .execute();
      if (newest) rows.reverse();
      return rows.map((r) => ({ symbol: r.symbol, ts: toMs(r.ts), seq: r.seq, price: r.price, size: r.size, bid: r.bid, ask: r.ask }));
    },

    async lastSeq() {
      const rows = await db.selectFrom('latest_quotes').select(['symbol', 'seq', 'ts', 'last']).execute();
      return new Map(rows.map((r) => [r.symbol, { seq: r.seq, ts: toMs(r.ts), price: r.last }]));
    },
  };
}

/**
 * The fast path: COPY the (sorted, distinct) batch into ticks, then upsert the
 * bars and quotes aggregated here from the whole batch, in one transaction.
 * COPY has no ON CONFLICT: when any tick is already stored (a redelivery) it
 * fails with a unique violation, the transaction is rolled back and this
 * returns undefined, for the caller to take the duplicate-skipping statement
 * instead. So bars still only ever see ticks this transaction inserted. COPY
 * inserts in stream order, the sorted order of every other path, and bars and
 * quotes follow sorted too: the lock order argument holds.
 */
async function ingestByCopy(db: Kysely<Database>, copy: CopyTicks, ticks: readonly Tick[]): Promise<number | undefined> {
  const ok = await copy(ticks, () => barsAndQuotes(aggregateSorted(ticks, INTERVALS), latestPerSymbol(ticks)).compile(db));
  return ok ? ticks.length : undefined;
}

/** The slow path: one statement that skips stored ticks and aggregates in SQL what it inserted. */
async function ingestSql(db: Kysely<Database>, ticks: readonly Tick[]): Promise<number> {
  const result = await ingestStatement(ticks).execute(db);
  return Number(result.rows[0]!.n);
}
