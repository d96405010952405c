import type { Interval } from '@bourse/core';
import Type from 'typebox';
import { type ConnectorOptions, inRange, requireSymbol } from '../connector.ts';
import { type CallOptions, type Provider, type ProviderBar, ProviderError, type ProviderQuote } from '../port.ts';
import { parse } from '../validate.ts';

const Point = Type.Tuple([Type.Number(), Type.Number()]);
const MarketChart = Type.Object({ prices: Type.Array(Point), total_volumes: Type.Array(Point) });
const Ohlc = Type.Array(Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number(), Type.Number()]));
const SimplePrice = Type.Record(Type.String(), Type.Record(Type.String(), Type.Number()));

/** A candle of /coins/{id}/ohlc, whose width CoinGecko picks from `days` (30 min, 4 h or 4 days). */
export interface Candle {
  /** CoinGecko stamps a candle with its close time. */
  readonly end: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

export interface CoinGeckoProvider extends Provider {
  ohlc(symbol: string, days: 1 | 7 | 14 | 30 | 90 | 180 | 365, options?: CallOptions): Promise<Candle[]>;
}

/** CoinGecko's error body: `{"status":{"error_code","error_message"}}` or `{"error": "..."}`. */
export function coingeckoErrorText(body: unknown): string | undefined {
  const b = body as { status?: { error_message?: unknown }; error?: unknown } | null;
  if (typeof b?.status?.error_message === 'string') return b.status.error_message;
  return typeof b?.error === 'string' ? b.error : undefined;
}

/** The key header: a Pro key on the Pro root, a demo key elsewhere. */
export function coingeckoKeyHeader(baseUrl: string, key: string | undefined): Record<string, string> {
  if (key === undefined) return {};
  return /pro-api\./.test(baseUrl) ? { 'x-cg-pro-api-key': key } : { 'x-cg-demo-api-key': key };
}

const DAY = 86_400_000;
// market_chart/range answers hourly points for a range of up to 90 days, daily ones beyond: ask in
// 90-day slices so that every day's bar is built from its hourly prices.
const SLICE = 90 * DAY;

/**
 * CoinGecko: /simple/price for quotes, /coins/{id}/market_chart/range for history, /coins/{id}/ohlc
 * for its own candles. market_chart gives prices sampled through time, not bars: a daily bar (00:00
 * UTC) is built from the hourly samples inside it (open the first, close the last, high and low the
 * extremes), and its volume is the 24-hour rolling volume CoinGecko reports at the day's last sample.
 * Hourly bars are not offered: an hour's share of a rolling 24-hour volume is unknown.
 */
export function createCoinGecko(options: ConnectorOptions & { readonly vsCurrency?: string }): CoinGeckoProvider {
  const { http } = options;
  const id = 'coingecko' as const;
  const vs = options.vsCurrency ?? 'usd';
  const signalOf = (call?: CallOptions) => (call?.signal ? { signal: call.signal } : {});

  return {
    id,
    capabilities: { history: ['1d'], quotes: true, corporateActions: false, instruments: false, macro: false, live: false },
    providerSymbol: options.symbols,

    async history(symbol: string, interval: Interval, from: number, to: number, call?: CallOptions): Promise<ProviderBar[]> {
      if (interval !== '1d') throw new ProviderError(id, 'bad_request', `${symbol}: only daily bars (got ${interval})`, { symbol });
      const coin = requireSymbol(id, options.symbols, symbol);
      const width = DAY;
      const prices: [number, number][] = [];
      const volumes: [number, number][] = [];
      for (let start = from; start < to; start += SLICE) {
        const end = Math.min(to, start + SLICE);
        const body = await http.json(`coins/${encodeURIComponent(coin)}/market_chart/range`, {
          symbol,
          query: { vs_currency: vs, from: Math.floor(start / 1000), to: Math.ceil(end / 1000) },
          ...signalOf(call),
        });
        const chart = parse(id, symbol, MarketChart, body);
        prices.push(...chart.prices);
        volumes.push(...chart.total_volumes);
      }
      const volumeAt = new Map(volumes.map(([t, v]) => [t, v]));
      const bars = new Map<number, { open: number; high: number; low: number; close: number; last: number }>();
      for (const [t, price] of prices.sort((a, b) => a[0] - b[0])) {
        if (!(price > 0))
          throw new ProviderError(id, 'schema', `${symbol}: field prices holds a price of ${price}`, { symbol, field: 'prices' });
        const start = t - (t % width);
        const bar = bars.get(start);
        if (bar === undefined) bars.set(start, { open: price, high: price, low: price, close: price, last: t });
        else Object.assign(bar, { high: Math.max(bar.high, price), low: Math.min(bar.low, price), close: price, last: t });
      }
      const out: ProviderBar[] = [...bars].map(([start, b]) => {
        const volume = volumeAt.get(b.last);
        if (volume === undefined) {
          throw new ProviderError(id, 'schema', `${symbol}: field total_volumes has no point at ${new Date(b.last).toISOString()}`, {
            symbol,
            field: 'total_volumes',
          });
        }
        return { symbol, interval, start, open: b.open, high: b.high, low: b.low, close: b.close, volume, source: id };
      });
      return inRange(out, from, to);
    },

    async quotes(symbols, call) {
      const coins = new Map<string, string>();
      for (const s of symbols) {
        const coin = options.symbols(s);
        if (coin !== undefined) coins.set(coin, s);
      }
      if (coins.size === 0) return [];
      const body = await http.json('simple/price', {
        symbol: symbols.join(','),
        query: { ids: [...coins.keys()].join(','), vs_currencies: vs, include_last_updated_at: 'true' },
        ...signalOf(call),
      });
      const prices = parse(id, symbols.join(','), SimplePrice, body);
      const quotes: ProviderQuote[] = [];
      for (const [coin, symbol] of coins) {
        const row = prices[coin];
        if (row === undefined) continue;
        const last = row[vs];
        const updated = row['last_updated_at'];
        if (last === undefined || updated === undefined) {
          const field = `${coin}.${last === undefined ? vs : 'last_updated_at'}`;
          throw new ProviderError(id, 'schema', `${symbol}: field ${field} is missing`, { symbol, field });
        }
        quotes.push({ symbol, ts: updated * 1000, last, currency: vs.toUpperCase(), source: id });
      }
      return quotes;
    },

    async ohlc(symbol, days, call) {
      const coin = requireSymbol(id, options.symbols, symbol);
      const body = await http.json(`coins/${encodeURIComponent(coin)}/ohlc`, {
        symbol,
        query: { vs_currency: vs, days },
        ...signalOf(call),
      });
      return parse(id, symbol, Ohlc, body).map(([end, open, high, low, close]) => ({ end, open, high, low, close }));
    },
  };
}
