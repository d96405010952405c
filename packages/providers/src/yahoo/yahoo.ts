import type { Static } from 'typebox';
import type { Interval } from '@bourse/core';
import { type ConnectorOptions, inRange, requireSymbol } from '../connector.ts';
import {
  type CallOptions,
  type CorporateAction,
  type Provider,
  type ProviderBar,
  ProviderError,
  type ProviderInstrument,
  type ProviderQuote,
} from '../port.ts';
import { dayStart, tradingDay, tradingDayStart } from '../trading-day.ts';
import { parse } from '../validate.ts';
import { ChartResponse } from './schema.ts';

type Chart = NonNullable<Static<typeof ChartResponse>['chart']['result']>[number];

const INTERVALS: Readonly<Record<Interval, string>> = { '1m': '1m', '5m': '5m', '15m': '15m', '1h': '60m', '1d': '1d' };

const ASSET_CLASSES: Readonly<Record<string, ProviderInstrument['assetClass']>> = {
  EQUITY: 'equity',
  ETF: 'etf',
  INDEX: 'index',
  CURRENCY: 'fx',
  CRYPTOCURRENCY: 'crypto',
  FUTURE: 'future',
  MUTUALFUND: 'fund',
};

// Yahoo's exchange codes for the venues Bourse lists under its own names.
const EXCHANGES: Readonly<Record<string, string>> = {
  NMS: 'NASDAQ',
  NGM: 'NASDAQ',
  NCM: 'NASDAQ',
  NYQ: 'NYSE',
  PCX: 'NYSEARCA',
  CCC: 'CRYPTO',
};

/** Yahoo's own words in an error body: `{"chart":{"result":null,"error":{"code","description"}}}`. */
export function yahooErrorText(body: unknown): string | undefined {
  const error = (body as { chart?: { error?: { description?: unknown } } } | null)?.chart?.error;
  return typeof error?.description === 'string' ? error.description : undefined;
}

/**
 * Yahoo Finance's chart API (`/v8/finance/chart/{symbol}`): daily and intraday OHLCV, dividends and
 * splits in the same answer, the latest price in its meta. A null inside the price arrays is a bucket
 * without a trade: the bar is missing, never a zero. Daily bars are the exchange's days in its zone
 * (meta.exchangeTimezoneName), whatever instant Yahoo stamps them with.
 */
export function createYahoo(options: ConnectorOptions): Provider {
  const { http } = options;
  const id = 'yahoo' as const;

  async function chart(symbol: string, query: Record<string, string | number>, call?: CallOptions): Promise<Chart> {
    const ticker = requireSymbol(id, options.symbols, symbol);
    const body = await http.json(`v8/finance/chart/${encodeURIComponent(ticker)}`, {
      symbol,
      query,
      ...(call?.signal ? { signal: call.signal } : {}),
    });
    const parsed = parse(id, symbol, ChartResponse, body);
    const result = parsed.chart.result?.[0];
    if (result === undefined) {
      throw new ProviderError(id, 'not_found', `${symbol}: ${parsed.chart.error?.description ?? 'no chart result'}`, { symbol });
    }
    return result;
  }

  function bars(symbol: string, interval: Interval, result: Chart): ProviderBar[] {
    const times = result.timestamp ?? [];
    const quote = result.indicators.quote[0];
    if (times.length === 0 || quote === undefined) return [];
    const column = (name: 'open' | 'high' | 'low' | 'close' | 'volume') => {
      const values = quote[name];
      if (values === undefined || values.length !== times.length) {
        const field = `chart.result[0].indicators.quote[0].${name}`;
        const what = values === undefined ? 'is missing' : `has ${values.length} values for ${times.length} timestamps`;
        throw new ProviderError(id, 'schema', `${symbol}: field ${field} ${what}`, { symbol, field });
      }
      return values;
    };
    const [open, high, low, close, volume] = [column('open'), column('high'), column('low'), column('close'), column('volume')];
    const zone = result.meta.exchangeTimezoneName;
    const out: ProviderBar[] = [];
    times.forEach((t, i) => {
      const o = open[i];
      const h = high[i];
      const l = low[i];
      const c = close[i];
      const v = volume[i];
      if (o == null || h == null || l == null || c == null || v == null) return;
      const start = interval === '1d' ? tradingDayStart(t * 1000, zone) : t * 1000;
      out.push({ symbol, interval, start, open: o, high: h, low: l, close: c, volume: v, source: id });
    });
    return out;
  }

  function actions(symbol: string, result: Chart): CorporateAction[] {
    const zone = result.meta.exchangeTimezoneName;
    const dividends: CorporateAction[] = Object.values(result.events?.dividends ?? {}).map((d) => ({
      symbol,
      kind: 'dividend',
      exDate: tradingDay(d.date * 1000, zone),
      amount: d.amount,
      currency: result.meta.currency,
      source: id,
    }));
    const splits: CorporateAction[] = Object.values(result.events?.splits ?? {}).map((s) => ({
      symbol,
      kind: 'split',
      exDate: tradingDay(s.date * 1000, zone),
      ratio: s.numerator / s.denominator,
      source: id,
    }));
    return [...dividends, ...splits].sort((a, b) => a.exDate.localeCompare(b.exDate) || a.kind.localeCompare(b.kind));
  }

  return {
    id,
    capabilities: {
      history: ['1m', '5m', '15m', '1h', '1d'],
      quotes: true,
      corporateActions: true,
      instruments: true,
      macro: false,
      live: false,
    },
    providerSymbol: options.symbols,

    async history(symbol, interval, from, to, call) {
      const result = await chart(
        symbol,
        { period1: Math.floor(from / 1000), period2: Math.ceil(to / 1000), interval: INTERVALS[interval], events: 'div,splits' },
        call,
      );
      return inRange(bars(symbol, interval, result), from, to);
    },

    async quotes(symbols, call) {
      const settled = await Promise.allSettled(symbols.map((s) => chart(s, { range: '1d', interval: '1d' }, call)));
      const quotes: ProviderQuote[] = [];
      settled.forEach((r, i) => {
        const symbol = symbols[i] ?? '';
        if (r.status === 'rejected') {
          if (r.reason instanceof ProviderError && r.reason.kind === 'not_found') return;
          throw r.reason;
        }
        const { regularMarketPrice: last, regularMarketTime: time, currency } = r.value.meta;
        if (last === undefined || time === undefined) {
          const field = `chart.result[0].meta.${last === undefined ? 'regularMarketPrice' : 'regularMarketTime'}`;
          throw new ProviderError(id, 'schema', `${symbol}: field ${field} is missing`, { symbol, field });
        }
        quotes.push({ symbol, ts: time * 1000, last, currency, source: id });
      });
      return quotes;
    },

    async corporateActions(symbol, from, to, call) {
      // The range is read in the exchange's zone only after the answer names it: New York's midnight is close enough to ask with.
      const result = await chart(
        symbol,
        {
          period1: Math.floor(dayStart(from, 'America/New_York') / 1000) - 86_400,
          period2: Math.ceil(dayStart(to, 'America/New_York') / 1000) + 86_400,
          interval: '1d',
          events: 'div,splits',
        },
        call,
      );
      return actions(symbol, result).filter((a) => a.exDate >= from && a.exDate < to);
    },

    async instrument(symbol, call) {
      const { meta } = await chart(symbol, { range: '1d', interval: '1d' }, call);
      const assetClass = ASSET_CLASSES[meta.instrumentType];
      if (assetClass === undefined) {
        throw new ProviderError(id, 'bad_request', `${symbol}: instrument type ${meta.instrumentType} is not one Bourse lists`, { symbol });
      }
      return {
        symbol,
        name: meta.longName ?? meta.shortName ?? meta.symbol,
        exchange: EXCHANGES[meta.exchangeName] ?? meta.exchangeName,
        currency: meta.currency,
        assetClass,
        timeZone: meta.exchangeTimezoneName,
      };
    },
  };
}
