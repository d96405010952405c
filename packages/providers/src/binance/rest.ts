import type { Interval } from '@bourse/core';
import { type ConnectorOptions, inRange, requireSymbol } from '../connector.ts';
import { type CallOptions, type Provider, type ProviderBar, ProviderError, type ProviderQuote } from '../port.ts';
import { decimal, parse } from '../validate.ts';
import { Klines, Ticker24h, Trades } from './schema.ts';

/** A trade as the REST API and the stream both report it: `id` is Binance's trade id, consecutive per symbol. */
export interface BinanceTrade {
  readonly id: number;
  readonly ts: number;
  readonly price: number;
  readonly size: number;
}

export interface BinanceRest extends Provider {
  /** Trades with id from `fromId` on, oldest first, at most `limit` (Binance's largest page: 1000). */
  tradesFrom(symbol: string, fromId: number, limit?: number, options?: CallOptions): Promise<BinanceTrade[]>;
}

/** Binance's error body: `{"code": -1121, "msg": "Invalid symbol."}`. */
export function binanceErrorText(body: unknown): string | undefined {
  const b = body as { code?: unknown; msg?: unknown } | null;
  return typeof b?.msg === 'string' ? `${b.msg}${typeof b.code === 'number' ? ` code ${b.code}` : ''}` : undefined;
}

/** Binance's rule for symbols the map lacks: `X-USD` trades as `XUSDT`. */
export function binanceSymbolRule(symbol: string): string | undefined {
  const m = /^([A-Z0-9]{2,10})-USD$/.exec(symbol);
  return m ? `${m[1]}USDT` : undefined;
}

const PAGE = 1000;

/**
 * Binance's REST market data: /api/v3/klines for bars (paged by startTime, 1000 a page), /api/v3/ticker/24hr
 * for quotes, /api/v3/historicalTrades to fill the gap a stream reconnect leaves. Binance answers 429
 * (and 418 once it bans an IP) with Retry-After, which the retry waits out. Bars start at 00:00 UTC.
 */
export function createBinanceRest(options: ConnectorOptions): BinanceRest {
  const { http } = options;
  const id = 'binance' as const;
  const signalOf = (call?: CallOptions) => (call?.signal ? { signal: call.signal } : {});
  const num = (symbol: string, field: string, text: string) => decimal(id, symbol, field, text);

  return {
    id,
    capabilities: {
      history: ['1m', '5m', '15m', '1h', '1d'],
      quotes: true,
      corporateActions: false,
      instruments: false,
      macro: false,
      live: true,
    },
    providerSymbol: options.symbols,

    async history(symbol: string, interval: Interval, from: number, to: number, call?: CallOptions): Promise<ProviderBar[]> {
      const pair = requireSymbol(id, options.symbols, symbol);
      const bars: ProviderBar[] = [];
      for (let start = from; start < to; ) {
        const body = await http.json('api/v3/klines', {
          symbol,
          query: { symbol: pair, interval, startTime: start, endTime: to - 1, limit: PAGE },
          ...signalOf(call),
        });
        const rows = parse(id, symbol, Klines, body);
        rows.forEach((k, i) => {
          const field = (n: number) => `[${i}][${n}]`;
          bars.push({
            symbol,
            interval,
            start: k[0],
            open: num(symbol, field(1), k[1]),
            high: num(symbol, field(2), k[2]),
            low: num(symbol, field(3), k[3]),
            close: num(symbol, field(4), k[4]),
            volume: num(symbol, field(5), k[5]),
            trades: k[8],
            source: id,
          });
        });
        const last = rows.at(-1);
        if (rows.length < PAGE || last === undefined || last[0] < start) break;
        start = last[0] + 1;
      }
      return inRange(bars, from, to);
    },

    async quotes(symbols, call) {
      const quotes: ProviderQuote[] = [];
      for (const symbol of symbols) {
        const pair = options.symbols(symbol);
        if (pair === undefined) continue;
        const t = parse(
          id,
          symbol,
          Ticker24h,
          await http.json('api/v3/ticker/24hr', { symbol, query: { symbol: pair }, ...signalOf(call) }),
        );
        quotes.push({
          symbol,
          ts: t.closeTime,
          last: num(symbol, 'lastPrice', t.lastPrice),
          bid: num(symbol, 'bidPrice', t.bidPrice),
          ask: num(symbol, 'askPrice', t.askPrice),
          // USDT is quoted as the dollar it tracks.
          currency: pair.endsWith('USDT') ? 'USD' : pair.slice(-3),
          source: id,
        });
      }
      return quotes;
    },

    async tradesFrom(symbol, fromId, limit = PAGE, call) {
      const pair = requireSymbol(id, options.symbols, symbol);
      if (!Number.isSafeInteger(fromId) || fromId < 0)
        throw new ProviderError(id, 'bad_request', `${symbol}: fromId ${fromId} is not a trade id`, { symbol });
      const body = await http.json('api/v3/historicalTrades', { symbol, query: { symbol: pair, fromId, limit }, ...signalOf(call) });
      return parse(id, symbol, Trades, body).map((t, i) => ({
        id: t.id,
        ts: t.time,
        price: num(symbol, `[${i}].price`, t.price),
        size: num(symbol, `[${i}].qty`, t.qty),
      }));
    },
  };
}
