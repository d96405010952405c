import { type AssetClass, BadRequestError, ConflictError, type Exchange, type Instrument } from '@bourse/core';
import { type Kysely, type Selectable, sql } from 'kysely';
import { escapeLike } from '../rows.ts';
import type { Database, InstrumentsTable } from '../schema.ts';

export interface ExchangeRepository {
  list(): Promise<Exchange[]>;
  /** Insert or update by code. */
  upsertMany(list: readonly Exchange[]): Promise<void>;
}

export interface InstrumentQuery {
  /** Matches symbol or name, case-insensitively; exact and prefix symbol matches rank first. */
  q?: string;
  exchange?: string;
  assetClass?: AssetClass;
  limit: number;
  offset: number;
}

export interface InstrumentRepository {
  search(query: InstrumentQuery): Promise<{ data: Instrument[]; total: number }>;
  get(symbol: string): Promise<Instrument | undefined>;
  /** Throws ConflictError when the symbol exists, BadRequestError when the exchange does not. */
  insert(instrument: Instrument): Promise<void>;
  /** Insert the missing ones, leave existing rows as they are. Returns how many were inserted. */
  upsertMany(list: readonly Instrument[]): Promise<number>;
  symbols(): Promise<string[]>;
}

export function exchangeRepository(db: Kysely<Database>): ExchangeRepository {
  return {
    async list() {
      return db.selectFrom('exchanges').select(['code', 'name', 'country', 'timezone', 'currency']).orderBy('code').execute();
    },
    async upsertMany(list) {
      if (list.length === 0) return;
      const rows = [...list]
        .sort((a, b) => compare(a.code, b.code))
        .map(({ code, name, country, timezone, currency }) => ({ code, name, country, timezone, currency }));
      await db
        .insertInto('exchanges')
        .values(rows)
        .onConflict((oc) =>
          oc.column('code').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            country: eb.ref('excluded.country'),
            timezone: eb.ref('excluded.timezone'),
            currency: eb.ref('excluded.currency'),
          })),
        )
        .execute();
    },
  };
}

export function instrumentRepository(db: Kysely<Database>): InstrumentRepository {
  return {
    async search({ q, exchange, assetClass, limit, offset }) {
      let base = db.selectFrom('instruments');
      const text = q?.trim();
      if (text) {
        const contains = `%${escapeLike(text)}%`;
        base = base.where((eb) => eb.or([eb('symbol', 'ilike', contains), eb('name', 'ilike', contains)]));
      }
      if (exchange) base = base.where('exchange', '=', exchange);
      if (assetClass) base = base.where('asset_class', '=', assetClass);

      let page = base.selectAll();
      if (text) {
        // Rank: exact symbol, then symbol prefix, then anything else that matched.
        const prefix = `${escapeLike(text)}%`;
        page = page.orderBy(sql`case when upper(symbol) = upper(${text}) then 0 when symbol ilike ${prefix} then 1 else 2 end`);
      }
      const [rows, count] = await Promise.all([
        page.orderBy('symbol').limit(limit).offset(offset).execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { data: rows.map(toInstrument), total: Number(count.n) };
    },

    async get(symbol) {
      const row = await db.selectFrom('instruments').selectAll().where('symbol', '=', symbol).executeTakeFirst();
      return row && toInstrument(row);
    },

    async insert(instrument) {
      let inserted: { symbol: string } | undefined;
      try {
        inserted = await db
          .insertInto('instruments')
          .values(toRow(instrument))
          .onConflict((oc) => oc.column('symbol').doNothing())
          .returning('symbol')
          .executeTakeFirst();
      } catch (error) {
        if ((error as { code?: string }).code === '23503') {
          throw new BadRequestError(`unknown exchange ${instrument.exchange}`, { exchange: instrument.exchange });
        }
        throw error;
      }
      if (!inserted) throw new ConflictError(`instrument ${instrument.symbol} already exists`, { symbol: instrument.symbol });
    },

    async upsertMany(list) {
      if (list.length === 0) return 0;
      const rows = [...list].sort((a, b) => compare(a.symbol, b.symbol)).map(toRow);
      const inserted = await db
        .insertInto('instruments')
        .values(rows)
        .onConflict((oc) => oc.column('symbol').doNothing())
        .returning('symbol')
        .execute();
      return inserted.length;
    },

    async symbols() {
      const rows = await db.selectFrom('instruments').select('symbol').orderBy('symbol').execute();
      return rows.map((r) => r.symbol);
    },
  };
}

function toRow(i: Instrument) {
  return {
    symbol: i.symbol,
    name: i.name,
    exchange: i.exchange,
    asset_class: i.assetClass,
    currency: i.currency,
    tick_size: i.tickSize,
    lot_size: i.lotSize,
    streamable: i.streamable,
  };
}

function toInstrument(row: Selectable<InstrumentsTable>): Instrument {
  return {
    symbol: row.symbol,
    name: row.name,
    exchange: row.exchange,
    assetClass: row.asset_class as AssetClass,
    currency: row.currency,
    tickSize: row.tick_size,
    lotSize: row.lot_size,
    streamable: row.streamable,
  };
}

/** Code-unit order: the same in every process, which is all lock ordering needs. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
