import { BadRequestError, INTERVALS, type Interval, SYMBOL_PATTERN } from '@bourse/core';
import { type App, ErrorResponse } from '@bourse/kit';
import type { Store } from '@bourse/store';
import Type from 'typebox';
import { parseOhlcvCsv } from './csv.ts';
import { loadManualBars } from './manual.ts';

/** A CSV of a million daily rows is about 60 MB. */
const CSV_BODY_LIMIT = 128 * 1024 * 1024;
const MAX_REPORTED_ERRORS = 1000;

const Loaded = Type.Object({
  symbol: Type.String(),
  interval: Type.String(),
  rows: Type.Integer({ description: 'data rows in the file' }),
  inserted: Type.Integer(),
  updated: Type.Integer({ description: 'bars that replaced a stored one' }),
  rejected: Type.Array(Type.Object({ line: Type.Integer(), message: Type.String() }), {
    description: 'rows left out (partial=true), by line',
  }),
});

/**
 * Manual price series and CSV import: POST /symbols/{symbol}/prices and POST /etl/import (written
 * with the users' write access). Mounted by the symbols service until the etl service takes the
 * import route over.
 */
export async function manualPriceRoutes(app: App, store: Store): Promise<void> {
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: CSV_BODY_LIMIT }, (_request, body, done) =>
    done(null, body),
  );

  app.post(
    '/etl/import',
    {
      // The CSV parser above carries the large limit; a body of any other type keeps the server's
      // default (Fastify applies a route's bodyLimit to every parser, the parser's to its own type).
      schema: {
        tags: ['etl'],
        summary: 'Import OHLCV bars of one symbol from a CSV upload (text/csv)',
        description:
          'A header naming the columns: date (YYYY-MM-DD, an ISO 8601 instant with its offset, or epoch ms) and close, with open, high, low and volume optional. ' +
          'Every row is checked; nothing is imported unless every row is valid, or partial=true loads the valid rows and reports the others. ' +
          'The symbol becomes a manual series (refused for one that has market data from another source).',
        querystring: Type.Object({
          symbol: Type.String({ pattern: SYMBOL_PATTERN }),
          interval: Type.Union(
            INTERVALS.map((i) => Type.Literal(i)),
            { default: '1d' },
          ),
          partial: Type.Boolean({ default: false }),
        }),
        body: Type.String({ description: 'the CSV text' }),
        response: {
          200: Loaded,
          400: ErrorResponse,
          401: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
          415: ErrorResponse,
        },
      },
    },
    async (request) => {
      const { symbol, partial } = request.query;
      const interval = request.query.interval as Interval;
      const { bars, errors, rows } = parseOhlcvCsv(request.body, interval);
      if (errors.length > 0 && (!partial || bars.length === 0)) {
        throw new BadRequestError(
          `${errors.length} of ${rows} rows are not valid: nothing imported (first: line ${errors[0]!.line}: ${errors[0]!.message})`,
          {
            errors: errors.slice(0, MAX_REPORTED_ERRORS),
          },
        );
      }
      const loaded = await loadManualBars(store, symbol, interval, bars);
      request.log.info({ symbol, interval, rows, ...loaded, rejected: errors.length }, 'bars imported');
      return { symbol, interval, rows, ...loaded, rejected: errors.slice(0, MAX_REPORTED_ERRORS) };
    },
  );

  app.post(
    '/symbols/:symbol/prices',
    {
      schema: {
        tags: ['symbols'],
        summary: 'Price a manual series by hand: daily closes, stored as daily bars',
        params: Type.Object({ symbol: Type.String({ pattern: SYMBOL_PATTERN }) }),
        body: Type.Array(
          Type.Object(
            {
              date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' }),
              close: Type.Number({ exclusiveMinimum: 0 }),
            },
            { additionalProperties: false },
          ),
          { minItems: 1, maxItems: 10_000 },
        ),
        response: { 200: Loaded, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request) => {
      const { symbol } = request.params;
      const csv = `date,close\n${request.body.map((p) => `${p.date},${p.close}`).join('\n')}`;
      const { bars, errors, rows } = parseOhlcvCsv(csv, '1d');
      if (errors.length > 0) {
        // Lines are the body's items here: item 0 is line 2 of the CSV.
        const items = errors.map((e) => ({ item: e.line - 2, message: e.message }));
        throw new BadRequestError(`body[${items[0]!.item}]: ${items[0]!.message}`, { errors: items });
      }
      const loaded = await loadManualBars(store, symbol, '1d', bars);
      return { symbol, interval: '1d', rows, ...loaded, rejected: [] };
    },
  );
}
