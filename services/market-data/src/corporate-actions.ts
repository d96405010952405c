import { BadRequestError, type Bar, INTERVAL_MS, type Interval, NotFoundError, SYMBOL_PATTERN } from '@bourse/core';
import { dateToDay, dayToDate, zonedDay, zonedTime } from '@bourse/core/calendars';
import { type App, ErrorResponse } from '@bourse/kit';
import { type AdjustMode, type AdjustmentEvent, adjustBars } from '@bourse/quant/bars';
import type { CorporateActionRecord, Store } from '@bourse/store';
import Type, { type Static } from 'typebox';

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const SourceField = Type.String({ pattern: '^[a-z]{1,32}$', description: 'where the event comes from (a source id; default manual)' });

const CorporateAction = Type.Object(
  {
    symbol: Type.String({ pattern: SYMBOL_PATTERN }),
    kind: Type.Union([Type.Literal('split'), Type.Literal('dividend')]),
    exDate: IsoDate,
    ratio: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        description: 'split: new shares per old share (4 for a 4-for-1, 0.1 for a 1-for-10 reverse split)',
      }),
    ),
    amount: Type.Optional(Type.Number({ minimum: 0, description: 'dividend: cash per share as paid (before any later split)' })),
    currency: Type.Optional(Type.String({ minLength: 3, maxLength: 3, description: 'dividend: the currency of the amount' })),
    source: Type.Optional(SourceField),
  },
  { additionalProperties: false },
);
type CorporateActionBody = Static<typeof CorporateAction>;

/** A YYYY-MM-DD that names a real day (the pattern lets 2020-13-01 through), else a 400 naming the field. */
function checkDate(date: string, field: string): string {
  try {
    dateToDay(date);
    return date;
  } catch {
    throw new BadRequestError(`${field} is not a date: ${date}`);
  }
}

/** A posted event as stored: a split needs its ratio, a dividend its amount and currency. */
function toRecord(a: CorporateActionBody, i: number): CorporateActionRecord {
  const source = a.source ?? 'manual';
  checkDate(a.exDate, `body.actions[${i}].exDate`);
  const missing = (field: string) => new BadRequestError(`body.actions[${i}].${field} is required for a ${a.kind}`);
  if (a.kind === 'split') {
    if (a.ratio === undefined) throw missing('ratio');
    return { symbol: a.symbol, kind: 'split', exDate: a.exDate, ratio: a.ratio, source };
  }
  if (a.amount === undefined) throw missing('amount');
  if (a.currency === undefined) throw missing('currency');
  return { symbol: a.symbol, kind: 'dividend', exDate: a.exDate, amount: a.amount, currency: a.currency, source };
}

export const AdjustQuery = Type.Union([Type.Literal('none'), Type.Literal('split'), Type.Literal('total')], {
  default: 'none',
  description:
    'none: as traded; split: prices before each split divided by its ratio, volumes multiplied; total: also dividends (CRSP/Yahoo factors)',
});

/** The timezone of a symbol's exchange, UTC when unknown. */
async function exchangeZone(store: Store, symbol: string): Promise<string> {
  const instrument = await store.instruments.get(symbol);
  const exchange = instrument && (await store.exchanges.list()).find((e) => e.code === instrument.exchange);
  return exchange?.timezone ?? 'UTC';
}

/**
 * Bars adjusted for the symbol's splits and dividends with ex-date after the first bar. A bar's
 * date is the exchange-local date of its middle (a daily bar started at 00:00 UTC or at local
 * midnight reads as the same day); a dividend's factor uses the unadjusted daily close before its
 * ex-date, looked up whether or not that bar is in the range asked for.
 */
export async function adjustOhlcv(store: Store, symbol: string, interval: Interval, bars: Bar[], mode: AdjustMode): Promise<Bar[]> {
  if (mode === 'none' || bars.length === 0) return bars;
  const timeZone = await exchangeZone(store, symbol);
  const half = INTERVAL_MS[interval] / 2;
  const dates = bars.map((b) => dayToDate(zonedDay(b.start + half, timeZone).day));
  const actions = await store.corporateActions.list(symbol, { from: dayToDate(dateToDay(dates[0]!) + 1) });
  const events = await Promise.all(
    actions.map(async (a): Promise<AdjustmentEvent> => {
      if (a.kind === 'split') return { kind: 'split', exDate: a.exDate, ratio: a.ratio };
      if (mode === 'split') return { kind: 'dividend', exDate: a.exDate, amount: a.amount, closeBefore: undefined };
      const day = dateToDay(a.exDate);
      const before = Math.min(zonedTime(day, 0, timeZone), day * INTERVAL_MS['1d']) - 1;
      const [prior] = await store.bars.range(symbol, '1d', { to: before, limit: 1 });
      return { kind: 'dividend', exDate: a.exDate, amount: a.amount, closeBefore: prior?.close };
    }),
  );
  return adjustBars(bars, dates, events, mode);
}

/** GET /corporate-actions/{symbol} (public) and POST /corporate-actions (admins: by hand, or the etl jobs' loads). */
export async function corporateActionRoutes(app: App, store: Store): Promise<void> {
  app.get(
    '/corporate-actions/:symbol',
    {
      schema: {
        tags: ['market-data'],
        summary: 'Splits and dividends of a symbol, ascending by ex-date',
        params: Type.Object({ symbol: Type.String({ pattern: SYMBOL_PATTERN }) }),
        querystring: Type.Object({ from: Type.Optional(IsoDate), to: Type.Optional(IsoDate) }),
        response: {
          200: Type.Object({ symbol: Type.String(), actions: Type.Array(CorporateAction) }),
          400: ErrorResponse,
          404: ErrorResponse,
        },
      },
    },
    async (request) => {
      const { symbol } = request.params;
      if (!(await store.instruments.get(symbol))) throw new NotFoundError(`unknown symbol ${symbol}`);
      const { from, to } = request.query;
      if (from) checkDate(from, 'querystring.from');
      if (to) checkDate(to, 'querystring.to');
      return { symbol, actions: await store.corporateActions.list(symbol, { ...(from ? { from } : {}), ...(to ? { to } : {}) }) };
    },
  );

  app.post(
    '/corporate-actions',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['market-data'],
        summary: 'Load splits and dividends (admins); an event replaces the stored one of the same symbol, kind and ex-date',
        body: Type.Object({ actions: Type.Array(CorporateAction, { minItems: 1, maxItems: 10_000 }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({ inserted: Type.Integer(), updated: Type.Integer() }),
          400: ErrorResponse,
          401: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
        },
      },
    },
    async (request) => {
      const actions = request.body.actions.map(toRecord);
      const symbols = [...new Set(actions.map((a) => a.symbol))];
      const unknown: string[] = [];
      for (const s of symbols) if (!(await store.instruments.get(s))) unknown.push(s);
      if (unknown.length) throw new NotFoundError(`unknown symbols: ${unknown.join(', ')}`, { unknown });
      return store.corporateActions.upsert(actions);
    },
  );
}
