import type { Kysely, Selectable } from 'kysely';
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

export interface OptionsRepository {
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
  return {
    async saveAnalytics(rows) {
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
