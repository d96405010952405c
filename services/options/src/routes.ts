import { BadRequestError, BourseError, CATALOG, NotFoundError, parseOccSymbol } from '@bourse/core';
import { type App, ErrorResponse, queryTime, TimeQuery } from '@bourse/kit';
import type { OptionsRepository } from '@bourse/store';
import Type from 'typebox';
import { DELTA_GRID, MONEYNESS_GRID } from './analytics.ts';
import { impliedVol, price, REASONS } from './pricing.ts';
import {
  Contract,
  ExpiryAnalyticsSchema,
  ExpiryHead,
  ExpiryQuery,
  fromLatestChain,
  GexRows,
  IvFailure,
  IvInput,
  IvOk,
  MAX_BATCH,
  MaxPain,
  NumOrNull,
  OneOrMany,
  OptionTypeSchema,
  PriceInput,
  PriceOutput,
  Underlying,
} from './schemas.ts';
import { analyticsOf, contractAt, expiryHead, gexByStrike, pickExpiry, snapshotOf } from './shaping.ts';
import type { ChainState, Latest } from './state.ts';

/**
 * The pricing calculators read nothing and write nothing: public like the GET routes. A variable, not a
 * literal, so that it type-checks whether or not the kit declares route auth levels.
 */
const PUBLIC_ROUTE = { auth: 'public' } as const;

function assertKnown(underlying: string): void {
  if (!CATALOG.some((c) => c.symbol === underlying)) throw new NotFoundError(`unknown underlying ${underlying}`);
}

/** The routes under /options: nine reads of the latest chain and its history, two calculators. */
export async function optionsRoutes(app: App, repo: OptionsRepository, state: ChainState): Promise<void> {
  async function latest(underlying: string): Promise<Latest> {
    assertKnown(underlying);
    const found = await state.latest(underlying);
    if (!found) throw new NotFoundError(`no option chain for ${underlying} yet (is the feed publishing chains for it?)`);
    return found;
  }

  const tags = ['options'];

  app.get(
    '/options/:underlying/expiries',
    {
      schema: {
        tags,
        summary: 'Listed expiries of an underlying',
        params: Underlying,
        response: fromLatestChain({ data: Type.Array(Type.Object({ ...ExpiryHead, strikes: Type.Integer() })) }),
      },
    },
    async (request) => {
      const { analysis: a } = await latest(request.params.underlying);
      return { ...snapshotOf(a), data: a.expiries.map((e) => ({ ...expiryHead(e), strikes: e.strikes.length })) };
    },
  );

  app.get(
    '/options/:underlying/chain',
    {
      schema: {
        tags,
        summary: 'The chain of one expiry: calls and puts by strike with quotes, volume, open interest, IV and greeks',
        params: Underlying,
        querystring: Type.Object({ expiry: Type.Optional(ExpiryQuery) }),
        response: fromLatestChain({
          rate: Type.Number(),
          dividendYield: Type.Number(),
          multiplier: Type.Number(),
          ...ExpiryHead,
          data: Type.Array(Type.Object({ strike: Type.Number(), call: Contract, put: Contract })),
        }),
      },
    },
    async (request) => {
      const { analysis: a } = await latest(request.params.underlying);
      const e = a.expiries[pickExpiry(a, request.query.expiry)]!;
      return {
        ...snapshotOf(a),
        rate: a.rate,
        dividendYield: a.dividendYield,
        multiplier: a.multiplier,
        ...expiryHead(e),
        data: e.strikes.map((strike, i) => ({ strike, call: contractAt(e, 'call', i), put: contractAt(e, 'put', i) })),
      };
    },
  );

  app.get(
    '/options/contracts/:occSymbol',
    {
      schema: {
        tags,
        summary: 'One contract by OCC symbol (e.g. "SPY   261218C00600000", URL-encoded; the root padding may be left out)',
        description:
          'Strikes of 100,000 and more (BTC-USD) do not fit the 8 OCC strike digits: their symbols carry strike × 1000 in as ' +
          'many digits as it needs, with no leading zero (e.g. "BTC   261225C105000000" for the 105,000 call).',
        params: Type.Object({ occSymbol: Type.String({ minLength: 1, maxLength: 32 }) }),
        response: fromLatestChain({
          expiry: Type.String(),
          expiryTs: Type.Integer(),
          type: OptionTypeSchema,
          strike: Type.Number(),
          timeToExpiry: Type.Number(),
          contract: Contract,
        }),
      },
    },
    async (request) => {
      const parsed = parseOccSymbol(request.params.occSymbol);
      if (!parsed) {
        throw new BadRequestError(
          'params.occSymbol must be an OCC symbol: root (up to 6), yymmdd, C or P, strike × 1000 in 8 digits (9 to 12 from 100,000 on)',
        );
      }
      const underlying = await state.underlyingOfRoot(parsed.root);
      if (underlying === undefined) throw new NotFoundError(`no listed options with root ${parsed.root}`);
      const { analysis: a } = await latest(underlying);
      const e = a.expiries.find((x) => x.expiry === parsed.expiry && x.root === parsed.root);
      const i = e ? e.strikes.indexOf(parsed.strike) : -1;
      if (!e || i < 0) throw new NotFoundError(`contract ${request.params.occSymbol} is not listed`);
      return {
        ...snapshotOf(a),
        expiry: e.expiry,
        expiryTs: e.expiryTs,
        type: parsed.type,
        strike: parsed.strike,
        timeToExpiry: e.timeToExpiry,
        contract: contractAt(e, parsed.type, i),
      };
    },
  );

  app.get(
    '/options/:underlying/analytics',
    {
      schema: {
        tags,
        summary: 'PCR, max pain, ATM straddle, OI build-up, smile and 25-delta RR/BF per expiry (all, or one)',
        params: Underlying,
        querystring: Type.Object({ expiry: Type.Optional(ExpiryQuery) }),
        response: fromLatestChain({ maxPain: MaxPain, data: Type.Array(ExpiryAnalyticsSchema) }),
      },
    },
    async (request) => {
      const { analysis: a } = await latest(request.params.underlying);
      return { ...snapshotOf(a), maxPain: a.maxPainAll, data: analyticsOf(a, request.query.expiry) };
    },
  );

  app.get(
    '/options/:underlying/pcr',
    {
      schema: {
        tags,
        summary: 'Put/call ratio trend from the stored history (open interest and volume summed over expiries, or one)',
        params: Underlying,
        querystring: Type.Object({
          from: Type.Optional(TimeQuery),
          to: Type.Optional(TimeQuery),
          expiry: Type.Optional(ExpiryQuery),
          limit: Type.Integer({ minimum: 1, maximum: 10_000, default: 500 }),
        }),
        response: {
          200: Type.Object({
            underlying: Type.String(),
            data: Type.Array(
              Type.Object({
                ts: Type.Integer(),
                callOi: Type.Number(),
                putOi: Type.Number(),
                callVolume: Type.Number(),
                putVolume: Type.Number(),
                pcrOi: NumOrNull,
                pcrVolume: NumOrNull,
              }),
            ),
          }),
          400: ErrorResponse,
          404: ErrorResponse,
        },
      },
    },
    async (request) => {
      const { underlying } = request.params;
      assertKnown(underlying);
      const from = queryTime(request.query.from, 'from');
      const to = queryTime(request.query.to, 'to');
      if (from !== undefined && to !== undefined && from > to)
        throw new BadRequestError('querystring.from must not be after querystring.to');
      const data = await repo.pcrTrend(underlying, {
        limit: request.query.limit,
        ...(from === undefined ? {} : { from }),
        ...(to === undefined ? {} : { to }),
        ...(request.query.expiry === undefined ? {} : { expiry: request.query.expiry }),
      });
      return { underlying, data };
    },
  );

  app.get(
    '/options/:underlying/max-pain',
    {
      schema: {
        tags,
        summary: 'Max pain per expiry and over the open interest of all expiries together',
        params: Underlying,
        response: fromLatestChain({
          overall: MaxPain,
          data: Type.Array(Type.Object({ expiry: Type.String(), timeToExpiry: Type.Number(), maxPain: MaxPain })),
        }),
      },
    },
    async (request) => {
      const { analysis: a } = await latest(request.params.underlying);
      return {
        ...snapshotOf(a),
        overall: a.maxPainAll,
        data: a.analytics.map((x) => ({ expiry: x.expiry, timeToExpiry: x.timeToExpiry, maxPain: x.maxPain })),
      };
    },
  );

  app.get(
    '/options/:underlying/surface',
    {
      schema: {
        tags,
        summary: 'Implied-volatility surface on expiry × moneyness (K/F) and expiry × call delta, with the ATM term structure',
        params: Underlying,
        response: fromLatestChain({
          moneyness: Type.Array(Type.Number()),
          deltas: Type.Array(Type.Number()),
          data: Type.Array(
            Type.Object({
              expiry: Type.String(),
              timeToExpiry: Type.Number(),
              forward: Type.Number(),
              atmIv: NumOrNull,
              rr25: NumOrNull,
              bf25: NumOrNull,
              straddle: NumOrNull,
              byMoneyness: Type.Array(NumOrNull),
              byDelta: Type.Array(NumOrNull),
            }),
          ),
        }),
      },
    },
    async (request) => {
      const { analysis: a } = await latest(request.params.underlying);
      return {
        ...snapshotOf(a),
        moneyness: [...MONEYNESS_GRID],
        deltas: [...DELTA_GRID],
        data: a.analytics.map((x) => ({
          expiry: x.expiry,
          timeToExpiry: x.timeToExpiry,
          forward: x.forward,
          atmIv: x.atmIv,
          rr25: x.rr25,
          bf25: x.bf25,
          straddle: x.atm?.straddle ?? null,
          byMoneyness: x.byMoneyness,
          byDelta: x.byDelta,
        })),
      };
    },
  );

  app.get(
    '/options/:underlying/gex',
    {
      schema: {
        tags,
        summary: 'Dealer gamma exposure by strike (currency per 1% move), over all expiries or one',
        params: Underlying,
        querystring: Type.Object({ expiry: Type.Optional(ExpiryQuery) }),
        response: fromLatestChain({ total: Type.Number(), data: GexRows }),
      },
    },
    async (request) => {
      const { analysis: a } = await latest(request.params.underlying);
      const data = gexByStrike(analyticsOf(a, request.query.expiry));
      return { ...snapshotOf(a), total: data.reduce((s, g) => s + g.gex, 0), data };
    },
  );

  app.post(
    '/options/price',
    {
      bodyLimit: 8 * 1024 * 1024,
      config: PUBLIC_ROUTE,
      schema: {
        tags,
        summary: `Price and greeks (BSM or Black-76) of one option, or of an array of up to ${MAX_BATCH} (answered as an array)`,
        body: OneOrMany(PriceInput),
        response: { 200: Type.Union([PriceOutput, Type.Array(PriceOutput)]), 400: ErrorResponse },
      },
    },
    async (request) => {
      const body = request.body;
      return Array.isArray(body) ? body.map(price) : price(body);
    },
  );

  app.post(
    '/options/implied-vol',
    {
      bodyLimit: 8 * 1024 * 1024,
      config: PUBLIC_ROUTE,
      schema: {
        tags,
        summary: `Implied volatility of one price (422 with the reason when there is none), or of an array of up to ${MAX_BATCH}`,
        description:
          'The array form answers an array in the same order: `{impliedVol}` where there is one, and ' +
          '`{error: {code: "unprocessable", reason, message}}` where there is not, so one bad price does not fail the batch.',
        body: OneOrMany(IvInput),
        response: { 200: Type.Union([IvOk, Type.Array(Type.Union([IvOk, IvFailure]))]), 400: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request) => {
      const body = request.body;
      if (!Array.isArray(body)) {
        const r = impliedVol(body);
        if (!r.ok) throw new BourseError('unprocessable', `${r.reason}: ${REASONS[r.reason]}`, { details: { reason: r.reason } });
        return { impliedVol: r.volatility };
      }
      return body.map((input) => {
        const r = impliedVol(input);
        return r.ok
          ? { impliedVol: r.volatility }
          : { error: { code: 'unprocessable' as const, reason: r.reason, message: REASONS[r.reason] } };
      });
    },
  );
}
