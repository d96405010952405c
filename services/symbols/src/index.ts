import {
  ConflictError,
  envelope,
  Exchange,
  INSTRUMENT_DEFAULTS,
  Instrument,
  NotFoundError,
  BadRequestError,
  subjects,
  SYMBOL_PATTERN,
} from '@bourse/core';
import { defineService, ErrorResponse } from '@bourse/kit';
import Type from 'typebox';
import { manualPriceRoutes } from './manual-routes.ts';

const SymbolParams = Type.Object({ symbol: Type.String({ pattern: SYMBOL_PATTERN, description: 'Instrument symbol' }) });

/**
 * What POST /symbols needs: symbol, name, exchange, assetClass and currency. Unless given, an instrument
 * has a tick size of 0.01, a lot size of 1, and is not streamable (no live feed prices it).
 */
const NewInstrument = Type.Object({
  ...Instrument.properties,
  tickSize: Type.Optional(Type.Number({ exclusiveMinimum: 0, default: INSTRUMENT_DEFAULTS.tickSize, description: 'default 0.01' })),
  lotSize: Type.Optional(Type.Number({ exclusiveMinimum: 0, default: INSTRUMENT_DEFAULTS.lotSize, description: 'default 1' })),
  streamable: Type.Optional(Type.Boolean({ default: INSTRUMENT_DEFAULTS.streamable, description: 'default false' })),
});

const SearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100, pattern: '^[^\\u0000]*$', description: 'Matches symbol or name, case-insensitive' })),
  exchange: Type.Optional(Type.String({ maxLength: 16, pattern: '^[^\\u0000]*$' })),
  assetClass: Type.Optional(Instrument.properties.assetClass),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});

/**
 * The instrument registry: search, metadata, exchanges, and registration of new
 * instruments (announced on the bus so ingest accepts their ticks at once).
 */
export const symbolsService = defineService({
  name: 'symbols',
  description: 'Instrument registry: search, metadata, exchanges',
  needs: ['store', 'bus'],
  prefixes: ['/symbols', '/exchanges', '/etl/import'],
  async routes(app, { store, bus, config }) {
    app.get(
      '/symbols',
      {
        schema: {
          tags: ['symbols'],
          summary: 'Search instruments',
          querystring: SearchQuery,
          response: { 200: Type.Object({ data: Type.Array(Instrument), total: Type.Integer() }), 400: ErrorResponse },
        },
      },
      async (request) => {
        const { q, exchange, assetClass, limit, offset } = request.query;
        return store.instruments.search({
          ...(q ? { q } : {}),
          ...(exchange ? { exchange: exchange.toUpperCase() } : {}),
          ...(assetClass ? { assetClass } : {}),
          limit,
          offset,
        });
      },
    );

    app.get(
      '/symbols/:symbol',
      {
        schema: {
          tags: ['symbols'],
          summary: 'One instrument',
          params: SymbolParams,
          response: { 200: Instrument, 400: ErrorResponse, 404: ErrorResponse },
        },
      },
      async (request) => {
        const found = await store.instruments.get(request.params.symbol);
        if (!found) throw new NotFoundError(`unknown symbol ${request.params.symbol}`);
        return found;
      },
    );

    app.post(
      '/symbols',
      {
        config: { auth: 'admin' },
        schema: {
          tags: ['symbols'],
          summary: 'Register an instrument',
          body: NewInstrument,
          response: { 201: Instrument, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 409: ErrorResponse },
        },
      },
      async (request, reply) => {
        const instrument: Instrument = { ...INSTRUMENT_DEFAULTS, ...request.body };
        const exchanges = await store.exchanges.list();
        if (!exchanges.some((e) => e.code === instrument.exchange)) {
          throw new BadRequestError(`body.exchange must be one of ${exchanges.map((e) => e.code).join(', ')}`);
        }
        if (await store.instruments.get(instrument.symbol)) throw new ConflictError(`symbol ${instrument.symbol} already exists`);
        await store.instruments.insert(instrument);
        await bus.publish(
          subjects.instrument(instrument.symbol),
          envelope({
            id: `instrument:${instrument.symbol}:${Date.now()}`,
            type: 'instrument.upsert',
            source: `symbols@${config.instanceId}`,
            key: instrument.symbol,
            data: instrument,
            requestId: request.id,
          }),
        );
        request.log.info({ symbol: instrument.symbol }, 'instrument registered');
        return reply.status(201).send(instrument);
      },
    );

    app.get(
      '/exchanges',
      {
        schema: { tags: ['symbols'], summary: 'Exchanges', response: { 200: Type.Object({ data: Type.Array(Exchange) }) } },
      },
      async () => ({ data: await store.exchanges.list() }),
    );

    await manualPriceRoutes(app, store);
  },
});

export { type CsvBar, parseOhlcvCsv, type RowError } from './csv.ts';
export { loadManualBars } from './manual.ts';
