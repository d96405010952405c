import type { OptionChainMessage } from '@bourse/core';
import { type Kysely, type Selectable, sql } from 'kysely';
import { toDate, toMs } from '../rows.ts';
import type { Database, OptionAnalyticsTable } from '../schema.ts';

/** The analytics of one expiry of one underlying at one chain snapshot. */
export interface OptionAnalyticsRecord {
  underlying: string;
  /** YYYY-MM-DD */
  expiry: string;
  /** the chain's time, UTC epoch ms */
  ts: number;
  spot: number;
  forward: number;
  timeToExpiry: number;
  callOi: number;
  putOi: number;
  callVolume: number;
  putVolume: number;
  pcrOi: number | null;
  pcrVolume: number | null;
  maxPain: number | null;
  atmStrike: number | null;
  straddle: number | null;
  atmIv: number | null;
  rr25: number | null;
  bf25: number | null;
  /** total dealer gamma exposure, currency per 1% move */
  gex: number;
}

/** Put/call ratios of an underlying at one snapshot, over all its expiries (or one). */
export interface PcrPoint {
  ts: number;
  callOi: number;
  putOi: number;
  callVolume: number;
  putVolume: number;
  pcrOi: number | null;
  pcrVolume: number | null;
}

export interface OptionHistoryQuery {
  expiry?: string;
  from?: number;
  to?: number;
  /** the latest `limit` points, returned in ascending time */
  limit: number;
}

import type { OptionDayOpen } from '../schema.ts';
export type { OptionBuckets, OptionDayOpen } from '../schema.ts';

/** The latest chain of an underlying, as received, with the build-up its day opened at. */
export interface LatestChainRecord {
  chain: OptionChainMessage;
  dayOpen: OptionDayOpen;
  /** the chain time (UTC epoch ms) of the snapshot that opened the day */
  dayOpenedAt: number;
}

/** One chain snapshot's effects: its history rows, and (unless a newer chain is stored) the latest chain and its roots. */
export interface ChainSnapshot {
  analytics: readonly OptionAnalyticsRecord[];
  latest: LatestChainRecord;
  /** the OCC roots the chain lists its contracts under */
  roots: readonly string[];
}

export interface OptionsRepository {
  /**
   * Save the history rows, then make the chain the latest of its underlying and its roots point at it, unless the
   * stored latest is newer; all in one transaction. True when the chain is now the latest (a redelivered chain
   * with the latest's own time is, and writes the same rows).
   */
  saveSnapshot(snapshot: ChainSnapshot): Promise<boolean>;
  latestChain(underlying: string): Promise<LatestChainRecord | undefined>;
  /** The underlying whose latest chain lists contracts under OCC root `root`. */
  underlyingOfRoot(root: string): Promise<string | undefined>;
  /** Insert, or replace the row with the same (underlying, expiry, ts): a redelivered chain writes the same rows. */
  saveAnalytics(rows: readonly OptionAnalyticsRecord[]): Promise<void>;
  history(underlying: string, query: OptionHistoryQuery): Promise<OptionAnalyticsRecord[]>;
  /** Put/call ratios per snapshot from summed open interest and volume (all expiries unless `expiry`). */
  pcrTrend(underlying: string, query: OptionHistoryQuery): Promise<PcrPoint[]>;
  /**
   * Delete history older than `ts`, oldest first; at most `limit` rows when given (a caller deleting a large
   * backlog does it in batches, so no one statement holds the table long). Returns how many rows went.
   */
  deleteBefore(ts: number, limit?: number): Promise<number>;
}

export function optionsRepository(db: Kysely<Database>): OptionsRepository {
  const saveAnalytics = async (db: Kysely<Database>, rows: readonly OptionAnalyticsRecord[]) => {
    if (rows.length === 0) return;
    await db
      .insertInto('option_analytics')
      .values(rows.map(toRow))
      .onConflict((oc) =>
        oc.columns(['underlying', 'expiry', 'ts']).doUpdateSet((eb) => ({
          spot: eb.ref('excluded.spot'),
          forward: eb.ref('excluded.forward'),
          time_to_expiry: eb.ref('excluded.time_to_expiry'),
          call_oi: eb.ref('excluded.call_oi'),
          put_oi: eb.ref('excluded.put_oi'),
          call_volume: eb.ref('excluded.call_volume'),
          put_volume: eb.ref('excluded.put_volume'),
          pcr_oi: eb.ref('excluded.pcr_oi'),
          pcr_volume: eb.ref('excluded.pcr_volume'),
          max_pain: eb.ref('excluded.max_pain'),
          atm_strike: eb.ref('excluded.atm_strike'),
          straddle: eb.ref('excluded.straddle'),
          atm_iv: eb.ref('excluded.atm_iv'),
          rr25: eb.ref('excluded.rr25'),
          bf25: eb.ref('excluded.bf25'),
          gex: eb.ref('excluded.gex'),
        })),
      )
      .execute();
  };

  return {
    saveAnalytics: (rows) => saveAnalytics(db, rows),

    saveSnapshot({ analytics, latest, roots }) {
      return db.transaction().execute(async (tx) => {
        await saveAnalytics(tx, analytics);
        const { chain, dayOpen, dayOpenedAt } = latest;
        const won = await tx
          .insertInto('option_latest_chains')
          .values({
            underlying: chain.underlying,
            ts: toDate(chain.ts),
            chain: json(chain),
            day_open: json(dayOpen),
            day_opened_at: toDate(dayOpenedAt),
          })
          .onConflict((oc) =>
            oc
              .column('underlying')
              .doUpdateSet((eb) => ({
                ts: eb.ref('excluded.ts'),
                chain: eb.ref('excluded.chain'),
                day_open: eb.ref('excluded.day_open'),
                day_opened_at: eb.ref('excluded.day_opened_at'),
              }))
              .where('option_latest_chains.ts', '<=', (eb) => eb.ref('excluded.ts')),
          )
          .returning('underlying')
          .executeTakeFirst();
        if (won === undefined) return false;
        if (roots.length > 0) {
          await tx
            .insertInto('option_roots')
            .values(roots.map((root) => ({ root, underlying: chain.underlying })))
            .onConflict((oc) =>
              oc
                .column('root')
                .doUpdateSet((eb) => ({ underlying: eb.ref('excluded.underlying') }))
                .where('option_roots.underlying', '<>', (eb) => eb.ref('excluded.underlying')),
            )
            .execute();
        }
        return true;
      });
    },

    async latestChain(underlying) {
      const row = await db
        .selectFrom('option_latest_chains')
        .select(['chain', 'day_open', 'day_opened_at'])
        .where('underlying', '=', underlying)
        .executeTakeFirst();
      return row && { chain: row.chain, dayOpen: row.day_open, dayOpenedAt: toMs(row.day_opened_at) };
    },

    async underlyingOfRoot(root) {
      const row = await db.selectFrom('option_roots').select('underlying').where('root', '=', root).executeTakeFirst();
      return row?.underlying;
    },

    async history(underlying, { expiry, from, to, limit }) {
      let q = db.selectFrom('option_analytics').selectAll().where('underlying', '=', underlying);
      if (expiry !== undefined) q = q.where('expiry', '=', expiry);
      if (from !== undefined) q = q.where('ts', '>=', toDate(from));
      if (to !== undefined) q = q.where('ts', '<=', toDate(to));
      const rows = await q.orderBy('ts', 'desc').orderBy('expiry', 'desc').limit(limit).execute();
      return rows.reverse().map(fromRow);
    },

    async pcrTrend(underlying, { expiry, from, to, limit }) {
      let q = db
        .selectFrom('option_analytics')
        .select((eb) => [
          'ts',
          eb.fn.sum<number>('call_oi').as('call_oi'),
          eb.fn.sum<number>('put_oi').as('put_oi'),
          eb.fn.sum<number>('call_volume').as('call_volume'),
          eb.fn.sum<number>('put_volume').as('put_volume'),
        ])
        .where('underlying', '=', underlying);
      if (expiry !== undefined) q = q.where('expiry', '=', expiry);
      if (from !== undefined) q = q.where('ts', '>=', toDate(from));
      if (to !== undefined) q = q.where('ts', '<=', toDate(to));
      const rows = await q.groupBy('ts').orderBy('ts', 'desc').limit(limit).execute();
      return rows.reverse().map((r) => {
        const callOi = Number(r.call_oi);
        const putOi = Number(r.put_oi);
        const callVolume = Number(r.call_volume);
        const putVolume = Number(r.put_volume);
        return {
          ts: toMs(r.ts),
          callOi,
          putOi,
          callVolume,
          putVolume,
          pcrOi: callOi > 0 ? putOi / callOi : null,
          pcrVolume: callVolume > 0 ? putVolume / callVolume : null,
        };
      });
    },

    async deleteBefore(ts, limit) {
      const cutoff = toDate(ts);
      const query =
        limit === undefined
          ? db.deleteFrom('option_analytics').where('ts', '<', cutoff)
          : db
              .deleteFrom('option_analytics')
              .where(({ eb, refTuple, selectFrom }) =>
                eb(
                  refTuple('underlying', 'expiry', 'ts'),
                  'in',
                  selectFrom('option_analytics')
                    .select(['underlying', 'expiry', 'ts'])
                    .where('ts', '<', cutoff)
                    .orderBy('ts')
                    .limit(limit)
                    .$asTuple('underlying', 'expiry', 'ts'),
                ),
              );
      const result = await query.executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

/** A value as a json parameter: sent as JSON text, so that both drivers pass it the same way. */
function json<T>(value: T) {
  return sql<T>`cast(${JSON.stringify(value)} as json)`;
}

function toRow(r: OptionAnalyticsRecord) {
  return {
    underlying: r.underlying,
    expiry: r.expiry,
    ts: toDate(r.ts),
    spot: r.spot,
    forward: r.forward,
    time_to_expiry: r.timeToExpiry,
    call_oi: r.callOi,
    put_oi: r.putOi,
    call_volume: r.callVolume,
    put_volume: r.putVolume,
    pcr_oi: r.pcrOi,
    pcr_volume: r.pcrVolume,
    max_pain: r.maxPain,
    atm_strike: r.atmStrike,
    straddle: r.straddle,
    atm_iv: r.atmIv,
    rr25: r.rr25,
    bf25: r.bf25,
    gex: r.gex,
  };
}

function fromRow(r: Selectable<OptionAnalyticsTable>): OptionAnalyticsRecord {
  return {
    underlying: r.underlying,
    expiry: r.expiry,
    ts: toMs(r.ts),
    spot: r.spot,
    forward: r.forward,
    timeToExpiry: r.time_to_expiry,
    callOi: r.call_oi,
    putOi: r.put_oi,
    callVolume: r.call_volume,
    putVolume: r.put_volume,
    pcrOi: r.pcr_oi,
    pcrVolume: r.pcr_volume,
    maxPain: r.max_pain,
    atmStrike: r.atm_strike,
    straddle: r.straddle,
    atmIv: r.atm_iv,
    rr25: r.rr25,
    bf25: r.bf25,
    gex: r.gex,
  };
}
