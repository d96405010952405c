import Type from 'typebox';
import type { CallOptions, MacroSeries, Provider } from '../port.ts';
import { ProviderError } from '../port.ts';
import type { HttpJson } from '../http.ts';
import { decimal, parse } from '../validate.ts';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Observations = Type.Object({
  count: Type.Integer(),
  offset: Type.Integer(),
  limit: Type.Integer(),
  observations: Type.Array(Type.Object({ date: Day, value: Type.String() })),
});
const Series = Type.Object({
  seriess: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), units: Type.String() }), { minItems: 1 }),
});

/** FRED's error body: `{"error_code": 400, "error_message": "Bad Request.  The series does not exist."}`. */
export function fredErrorText(body: unknown): string | undefined {
  const message = (body as { error_message?: unknown } | null)?.error_message;
  return typeof message === 'string' ? message.replace(/\s+/g, ' ') : undefined;
}

/**
 * FRED (St. Louis Fed): fred/series for a series' title and units, fred/series/observations for its
 * values. FRED writes a missing observation as "."; it stays `null`, never 0. The series id is FRED's
 * own (DGS10, CPIAUCSL, UNRATE), not a Bourse symbol.
 */
export function createFred(options: { readonly http: HttpJson; readonly apiKey: string | undefined }): Provider {
  const { http } = options;
  const id = 'fred' as const;
  const PAGE = 100_000; // FRED's largest page

  async function get(seriesId: string, path: string, query: Record<string, string | number>, call?: CallOptions): Promise<unknown> {
    if (options.apiKey === undefined) throw new ProviderError(id, 'auth', `${seriesId}: BOURSE_FRED_KEY is not set`, { symbol: seriesId });
    return http.json(path, {
      symbol: seriesId,
      query: { ...query, series_id: seriesId, api_key: options.apiKey, file_type: 'json' },
      ...(call?.signal ? { signal: call.signal } : {}),
    });
  }

  return {
    id,
    capabilities: { history: [], quotes: false, corporateActions: false, instruments: false, macro: true, live: false },
    providerSymbol: () => undefined,

    async macro(seriesId, from, to, call): Promise<MacroSeries> {
      const [meta] = parse(id, seriesId, Series, await get(seriesId, 'series', {}, call)).seriess;
      const observations: { date: string; value: number | null }[] = [];
      for (let offset = 0; ; offset += PAGE) {
        const page = parse(
          id,
          seriesId,
          Observations,
          await get(
            seriesId,
            'series/observations',
            { observation_start: from, observation_end: to, sort_order: 'asc', limit: PAGE, offset },
            call,
          ),
        );
        page.observations.forEach((o, i) => {
          observations.push({
            date: o.date,
            value: o.value === '.' ? null : decimal(id, seriesId, `observations[${offset + i}].value`, o.value),
          });
        });
        if (page.observations.length < PAGE || offset + PAGE >= page.count) break;
      }
      return { seriesId, ...(meta ? { title: meta.title, units: meta.units } : {}), observations, source: id };
    },
  };
}
