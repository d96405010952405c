import type { Interval } from '@bourse/core';
import Type from 'typebox';
import { type ConnectorOptions, inRange, requireSymbol } from '../connector.ts';
import { type CallOptions, type Provider, type ProviderBar, ProviderError } from '../port.ts';
import { tradingDayStart } from '../trading-day.ts';
import { parse } from '../validate.ts';

const ZONE = 'Asia/Ho_Chi_Minh';
/** VCI quotes prices in thousands of VND. */
const PRICE_UNIT = 1000;
const TIME_FRAMES: Partial<Record<Interval, { readonly frame: string; readonly ms: number }>> = {
  '1m': { frame: 'ONE_MINUTE', ms: 60_000 },
  '1h': { frame: 'ONE_HOUR', ms: 3_600_000 },
  '1d': { frame: 'ONE_DAY', ms: 86_400_000 },
};

const Numbers = Type.Array(Type.Number());
// Timestamps come as epoch seconds, as text in some answers and numbers in others.
const Times = Type.Array(Type.Union([Type.String({ pattern: '^\\d+$' }), Type.Integer()]));
const GapChart = Type.Array(Type.Object({ symbol: Type.String(), t: Times, o: Numbers, h: Numbers, l: Numbers, c: Numbers, v: Numbers }));

/** VCI's error body, when it is JSON: `{"status": 403, "message": "..."}` or similar. */
export function vciErrorText(body: unknown): string | undefined {
  const b = body as { message?: unknown; msg?: unknown } | null;
  const said = typeof b?.message === 'string' ? b.message : typeof b?.msg === 'string' ? b.msg : undefined;
  return said ?? undefined;
}

/**
 * Vietcap's (VCI) chart API, as vnstock's VCI source calls it: POST chart/OHLCChart/gap-chart with
 * `{timeFrame, symbols, to, countBack}`, answered with one object per symbol holding parallel arrays
 * t, o, h, l, c, v. HOSE, HNX and UPCoM alike; prices arrive in thousands of VND and leave in VND.
 * Daily bars are Ho Chi Minh City's trading days. The source is known to start refusing clients (403)
 * without notice: that is an `auth` error saying so, not a crash.
 */
export function createVci(options: ConnectorOptions): Provider {
  const { http } = options;
  const id = 'vci' as const;

  return {
    id,
    capabilities: { history: ['1m', '1h', '1d'], quotes: false, corporateActions: false, instruments: false, macro: false, live: false },
    providerSymbol: options.symbols,

    async history(symbol: string, interval: Interval, from: number, to: number, call?: CallOptions): Promise<ProviderBar[]> {
      const frame = TIME_FRAMES[interval];
      if (frame === undefined)
        throw new ProviderError(id, 'bad_request', `${symbol}: VCI has no ${interval} bars (1m, 1h, 1d)`, { symbol });
      const ticker = requireSymbol(id, options.symbols, symbol);
      // countBack counts bars back from `to`; calendar time over the bar width is an upper bound (no trading at night or at weekends).
      const countBack = Math.max(1, Math.ceil((to - from) / frame.ms) + 1);
      let body: unknown;
      try {
        body = await http.json('chart/OHLCChart/gap-chart', {
          symbol,
          method: 'POST',
          body: { timeFrame: frame.frame, symbols: [ticker], to: Math.ceil(to / 1000), countBack },
          ...(call?.signal ? { signal: call.signal } : {}),
        });
      } catch (error) {
        if (error instanceof ProviderError && error.kind === 'auth') {
          throw new ProviderError(
            id,
            'auth',
            `${error.message.replace(/^vci: /, '')}: VCI refused this client (it blocks clients or moves endpoints without notice)`,
            error.details,
            { cause: error },
          );
        }
        throw error;
      }
      const series = parse(id, symbol, GapChart, body).find((s) => s.symbol === ticker);
      if (series === undefined) return [];
      const n = series.t.length;
      for (const name of ['o', 'h', 'l', 'c', 'v'] as const) {
        if (series[name].length !== n) {
          throw new ProviderError(id, 'schema', `${symbol}: field [0].${name} has ${series[name].length} values for ${n} timestamps`, {
            symbol,
            field: `[0].${name}`,
          });
        }
      }
      const value = (name: 'o' | 'h' | 'l' | 'c' | 'v', i: number): number => {
        const v = series[name][i];
        if (v === undefined)
          throw new ProviderError(id, 'schema', `${symbol}: field [0].${name}[${i}] is missing`, { symbol, field: `[0].${name}[${i}]` });
        return v;
      };
      const bars: ProviderBar[] = series.t.map((t, i) => {
        const ts = Number(t) * 1000;
        return {
          symbol,
          interval,
          start: interval === '1d' ? tradingDayStart(ts, ZONE) : ts,
          open: value('o', i) * PRICE_UNIT,
          high: value('h', i) * PRICE_UNIT,
          low: value('l', i) * PRICE_UNIT,
          close: value('c', i) * PRICE_UNIT,
          volume: value('v', i),
          source: id,
        };
      });
      return inRange(bars, from, to);
    },
  };
}

/** The headers vnstock sends: VCI answers browsers, so the connector says where it comes from. */
export const VCI_HEADERS: Readonly<Record<string, string>> = {
  Referer: 'https://trading.vietcap.com.vn/',
  Origin: 'https://trading.vietcap.com.vn',
  'User-Agent': 'Mozilla/5.0 (compatible; Bourse)',
};
