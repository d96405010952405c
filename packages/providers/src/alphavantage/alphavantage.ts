import type { Interval } from '@bourse/core';
import type { Static, TSchema } from 'typebox';
import { type ConnectorOptions, inRange, requireSymbol } from '../connector.ts';
import { type CallOptions, type Provider, type ProviderBar, ProviderError, type ProviderInstrument } from '../port.ts';
import { dayStart } from '../trading-day.ts';
import { decimal, parse } from '../validate.ts';
import { DailySeries, FxDailySeries, GlobalQuote, Overview, Statements } from './schema.ts';

export type StatementKind = 'income' | 'balance' | 'cashflow';
const FUNCTIONS: Readonly<Record<StatementKind, string>> = { income: 'INCOME_STATEMENT', balance: 'BALANCE_SHEET', cashflow: 'CASH_FLOW' };

/** One fiscal period of a statement: each line item as reported, `null` where Alpha Vantage writes "None". */
export interface StatementReport {
  readonly fiscalDateEnding: string;
  readonly reportedCurrency: string;
  readonly items: Readonly<Record<string, number | null>>;
}

/** A statement as Alpha Vantage reports it, validated, not stored here (the fundamentals work decides how). */
export interface Statement {
  readonly symbol: string;
  readonly kind: StatementKind;
  readonly annual: readonly StatementReport[];
  readonly quarterly: readonly StatementReport[];
  readonly source: 'alphavantage';
}

/** The company overview, figures as numbers (`null` where not reported). */
export interface CompanyOverview {
  readonly symbol: string;
  readonly name: string;
  readonly assetType: string;
  readonly description: string;
  readonly exchange: string;
  readonly currency: string;
  readonly country: string;
  readonly sector: string;
  readonly industry: string;
  readonly fiscalYearEnd: string;
  readonly latestQuarter: string;
  readonly marketCapitalization: number | null;
  readonly sharesOutstanding: number | null;
  readonly ebitda: number | null;
  readonly peRatio: number | null;
  readonly eps: number | null;
  readonly dividendPerShare: number | null;
  readonly beta: number | null;
  readonly source: 'alphavantage';
}

export interface AlphaVantageProvider extends Provider {
  company(symbol: string, options?: CallOptions): Promise<CompanyOverview>;
  statement(symbol: string, kind: StatementKind, options?: CallOptions): Promise<Statement>;
}

/** A pair such as EUR/USD (the mapping writes FX pairs with a slash) is read with FX_DAILY. */
const FX_PAIR = /^([A-Z]{3})\/([A-Z]{3})$/;

/**
 * Recognises the answers Alpha Vantage sends with HTTP 200: the rate limit as an "Information" field
 * (earlier "Note"), a premium-only call as "Information" too, and errors as "Error Message".
 */
export function inspectAlphaVantage(symbol: string) {
  return (body: unknown) => {
    if (body === null || typeof body !== 'object') return;
    const b = body as Record<string, unknown>;
    const info = typeof b['Information'] === 'string' ? b['Information'] : typeof b['Note'] === 'string' ? b['Note'] : undefined;
    if (info !== undefined) {
      if (/premium/i.test(info) && !/rate limit|per day|per minute|call frequency/i.test(info)) {
        throw new ProviderError('alphavantage', 'auth', `${symbol}: ${info}`, { symbol });
      }
      if (/api ?key/i.test(info) && /invalid|missing/i.test(info))
        throw new ProviderError('alphavantage', 'auth', `${symbol}: ${info}`, { symbol });
      throw new ProviderError('alphavantage', 'rate_limited', `${symbol}: ${info}`, { symbol });
    }
    const error = b['Error Message'];
    if (typeof error === 'string') {
      if (/apikey/i.test(error)) throw new ProviderError('alphavantage', 'auth', `${symbol}: ${error}`, { symbol });
      // Alpha Vantage says "Invalid API call" for a symbol it does not know as for a malformed call.
      const kind = /invalid api call/i.test(error) ? 'not_found' : 'bad_request';
      throw new ProviderError('alphavantage', kind, `${symbol}: ${error}`, { symbol });
    }
  };
}

const figure = (symbol: string, field: string, text: string): number | null =>
  text === 'None' || text === '-' ? null : decimal('alphavantage', symbol, field, text);

/**
 * Alpha Vantage (`/query?function=...`): daily series, the global quote, FX daily, the company
 * overview and its three statements. Its free tier allows 25 requests a day, which the budget holds.
 */
export function createAlphaVantage(options: ConnectorOptions & { readonly apiKey: string | undefined }): AlphaVantageProvider {
  const { http } = options;
  const id = 'alphavantage' as const;

  async function query<S extends TSchema>(
    symbol: string,
    params: Record<string, string>,
    schema: S,
    call?: CallOptions,
  ): Promise<Static<S>> {
    if (options.apiKey === undefined) throw new ProviderError(id, 'auth', `${symbol}: BOURSE_ALPHAVANTAGE_KEY is not set`, { symbol });
    const body = await http.json('query', {
      symbol,
      query: { ...params, apikey: options.apiKey },
      inspect: inspectAlphaVantage(symbol),
      ...(call?.signal ? { signal: call.signal } : {}),
    });
    // An unknown symbol's OVERVIEW is an empty object.
    if (body !== null && typeof body === 'object' && Object.keys(body).length === 0) {
      throw new ProviderError(id, 'not_found', `${symbol}: Alpha Vantage has no data for it`, { symbol });
    }
    return parse(id, symbol, schema, body);
  }

  async function daily(symbol: string, from: number, to: number, call?: CallOptions): Promise<ProviderBar[]> {
    const mapped = requireSymbol(id, options.symbols, symbol);
    // "compact" is the last 100 days; "full" (the whole history) only for ranges that reach further back.
    const outputsize = Date.now() - from < 140 * 86_400_000 ? 'compact' : 'full';
    const pair = FX_PAIR.exec(mapped);
    const bars: ProviderBar[] = [];
    if (pair) {
      const [, fromCcy = '', toCcy = ''] = pair;
      const series = await query(symbol, { function: 'FX_DAILY', from_symbol: fromCcy, to_symbol: toCcy, outputsize }, FxDailySeries, call);
      const zone = series['Meta Data']['6. Time Zone'];
      for (const [day, row] of Object.entries(series['Time Series FX (Daily)'])) {
        const field = (name: string) => `Time Series FX (Daily).${day}.${name}`;
        bars.push({
          symbol,
          interval: '1d',
          start: dayStart(day, zone),
          open: decimal(id, symbol, field('1. open'), row['1. open']),
          high: decimal(id, symbol, field('2. high'), row['2. high']),
          low: decimal(id, symbol, field('3. low'), row['3. low']),
          close: decimal(id, symbol, field('4. close'), row['4. close']),
          // FX has no exchange volume.
          volume: 0,
          source: id,
        });
      }
    } else {
      const series = await query(symbol, { function: 'TIME_SERIES_DAILY', symbol: mapped, outputsize }, DailySeries, call);
      const zone = series['Meta Data']['5. Time Zone'];
      for (const [day, row] of Object.entries(series['Time Series (Daily)'])) {
        const field = (name: string) => `Time Series (Daily).${day}.${name}`;
        bars.push({
          symbol,
          interval: '1d',
          start: dayStart(day, zone),
          open: decimal(id, symbol, field('1. open'), row['1. open']),
          high: decimal(id, symbol, field('2. high'), row['2. high']),
          low: decimal(id, symbol, field('3. low'), row['3. low']),
          close: decimal(id, symbol, field('4. close'), row['4. close']),
          volume: decimal(id, symbol, field('5. volume'), row['5. volume']),
          source: id,
        });
      }
    }
    return inRange(bars, from, to);
  }

  async function company(symbol: string, call?: CallOptions): Promise<CompanyOverview> {
    const o = await query(symbol, { function: 'OVERVIEW', symbol: requireSymbol(id, options.symbols, symbol) }, Overview, call);
    return {
      symbol,
      name: o.Name,
      assetType: o.AssetType,
      description: o.Description,
      exchange: o.Exchange,
      currency: o.Currency,
      country: o.Country,
      sector: o.Sector,
      industry: o.Industry,
      fiscalYearEnd: o.FiscalYearEnd,
      latestQuarter: o.LatestQuarter,
      marketCapitalization: figure(symbol, 'MarketCapitalization', o.MarketCapitalization),
      sharesOutstanding: figure(symbol, 'SharesOutstanding', o.SharesOutstanding),
      ebitda: figure(symbol, 'EBITDA', o.EBITDA),
      peRatio: figure(symbol, 'PERatio', o.PERatio),
      eps: figure(symbol, 'EPS', o.EPS),
      dividendPerShare: figure(symbol, 'DividendPerShare', o.DividendPerShare),
      beta: figure(symbol, 'Beta', o.Beta),
      source: id,
    };
  }

  return {
    id,
    capabilities: { history: ['1d'], quotes: true, corporateActions: false, instruments: true, macro: false, live: false },
    providerSymbol: options.symbols,

    async history(symbol: string, interval: Interval, from: number, to: number, call?: CallOptions) {
      if (interval !== '1d') throw new ProviderError(id, 'bad_request', `${symbol}: only daily bars (got ${interval})`, { symbol });
      return daily(symbol, from, to, call);
    },

    async quotes(symbols, call) {
      const quotes = [];
      // One call per symbol: GLOBAL_QUOTE takes one, and the budget paces them.
      for (const symbol of symbols) {
        const q = (
          await query(symbol, { function: 'GLOBAL_QUOTE', symbol: requireSymbol(id, options.symbols, symbol) }, GlobalQuote, call)
        )['Global Quote'];
        quotes.push({
          symbol,
          // The quote names its trading day, not the time of the price.
          ts: dayStart(q['07. latest trading day'], 'America/New_York'),
          last: decimal(id, symbol, 'Global Quote.05. price', q['05. price']),
          currency: 'USD',
          source: id,
        });
      }
      return quotes;
    },

    async instrument(symbol, call): Promise<ProviderInstrument> {
      const o = await company(symbol, call);
      const assetClass = o.assetType === 'ETF' ? 'etf' : o.assetType === 'Mutual Fund' ? 'fund' : 'equity';
      return { symbol, name: o.name, exchange: o.exchange, currency: o.currency, assetClass };
    },

    company,

    async statement(symbol, kind, call) {
      const s = await query(symbol, { function: FUNCTIONS[kind], symbol: requireSymbol(id, options.symbols, symbol) }, Statements, call);
      const reports = (list: typeof s.annualReports, which: string): StatementReport[] =>
        list.map((r, i) => {
          const items: Record<string, number | null> = {};
          for (const [name, text] of Object.entries(r)) {
            if (name === 'fiscalDateEnding' || name === 'reportedCurrency') continue;
            items[name] = figure(symbol, `${which}[${i}].${name}`, text);
          }
          return { fiscalDateEnding: r.fiscalDateEnding, reportedCurrency: r.reportedCurrency, items };
        });
      return {
        symbol,
        kind,
        annual: reports(s.annualReports, 'annualReports'),
        quarterly: reports(s.quarterlyReports, 'quarterlyReports'),
        source: id,
      };
    },
  };
}
