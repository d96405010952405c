import type { Config, Tick } from '@bourse/core';
import { type AlphaVantageProvider, createAlphaVantage } from './alphavantage/alphavantage.ts';
import { BinanceLive, type LiveEvent } from './binance/live.ts';
import { type BinanceRest, binanceErrorText, binanceSymbolRule, createBinanceRest } from './binance/rest.ts';
import { type BudgetLimit, type Counter, DAY, MINUTE, RequestBudget, SECOND } from './budget.ts';
import { type LastGoodStore, ProviderChain } from './chain.ts';
import { type CoinGeckoProvider, coingeckoErrorText, coingeckoKeyHeader, createCoinGecko } from './coingecko/coingecko.ts';
import { createFred, fredErrorText } from './fred/fred.ts';
import { type Fetch, HttpJson, type HttpOptions } from './http.ts';
import type { Provider, SourceId } from './port.ts';
import { type BreakerState, Resilience, type ResilienceOptions } from './resilience.ts';
import { type SymbolMap, type SymbolResolver, symbolResolver } from './symbols.ts';
import { createVci, VCI_HEADERS, vciErrorText } from './vci/vci.ts';
import { createYahoo, yahooErrorText } from './yahoo/yahoo.ts';

type RealSource = Exclude<SourceId, 'synthetic' | 'manual'>;

/**
 * Each provider's published allowance, as budgets: Alpha Vantage's free tier (25 a day, 5 a minute
 * earlier), CoinGecko's public API (a few calls a minute; 30 a minute with a demo key), FRED (120 a
 * minute), Binance (6,000 request weight a minute; klines weigh 2, historical trades 25), and a
 * conservative pace for Yahoo and VCI, which publish none.
 */
export function defaultBudgets(config: Pick<Config, 'providers'>): Readonly<Record<RealSource, readonly BudgetLimit[]>> {
  return {
    yahoo: [
      { max: 5, windowMs: SECOND },
      { max: 100, windowMs: MINUTE },
    ],
    alphavantage: [
      { max: 1, windowMs: SECOND },
      { max: 5, windowMs: MINUTE },
      { max: 25, windowMs: DAY },
    ],
    coingecko: [{ max: config.providers.coingecko.key === undefined ? 5 : 30, windowMs: MINUTE }],
    fred: [
      { max: 10, windowMs: SECOND },
      { max: 120, windowMs: MINUTE },
    ],
    binance: [
      { max: 10, windowMs: SECOND },
      { max: 200, windowMs: MINUTE },
    ],
    vci: [
      { max: 5, windowMs: SECOND },
      { max: 120, windowMs: MINUTE },
    ],
  };
}

export interface ProviderDeps {
  /** The shared counter the request budgets draw on (the process's Cache: memory, or Redis across processes). */
  readonly counter: Counter;
  /** Where the chain keeps last good answers (the process's Cache too). */
  readonly lastGood?: LastGoodStore;
  readonly fetch?: Fetch;
  /** Per-symbol overrides of the default mapping (a row replaces the default row of that symbol). */
  readonly symbols?: SymbolMap;
  readonly resilience?: Partial<Record<RealSource, ResilienceOptions>>;
  readonly budgets?: Partial<Record<RealSource, readonly BudgetLimit[]>>;
  /** Prefix of the budget counters' keys (default `budget`). */
  readonly budgetPrefix?: string;
  readonly onBreakerChange?: (provider: SourceId, state: BreakerState) => void;
}

/** What a /ready check reports (kit's Check). */
export interface ProviderCheck {
  readonly ok: boolean;
  readonly detail?: string;
}

/** The part of kit's Metrics the breaker gauge needs. */
export interface GaugeRegistry {
  gauge(
    name: string,
    help: string,
    labelNames: readonly 'provider'[],
    collect: (g: { set(labels: { provider: string }, value: number): void }) => void,
  ): unknown;
}

export interface Providers {
  /** The enabled connectors, in BOURSE_PROVIDERS order (synthetic and manual are not connectors). */
  readonly list: readonly Provider[];
  get(id: SourceId): Provider | undefined;
  readonly yahoo?: Provider;
  readonly alphavantage?: AlphaVantageProvider;
  readonly coingecko?: CoinGeckoProvider;
  readonly fred?: Provider;
  readonly vci?: Provider;
  readonly binance?: BinanceRest;
  /** The breaker of every enabled provider. */
  breakers(): Readonly<Partial<Record<SourceId, BreakerState>>>;
  /** One /ready check per provider: an open breaker is `degraded` but ok (a provider down is not Bourse down). */
  readiness(): Record<string, ProviderCheck>;
  /** `provider_breaker_state{provider}`: 0 closed, 1 half-open, 2 open. */
  registerMetrics(metrics: GaugeRegistry): void;
  /** The fallback chain for a symbol: the enabled providers that map it, in order of preference. */
  chain(symbol: string): ProviderChain;
  /** Binance's trade stream for these symbols (not started), or undefined when Binance is not enabled. */
  live(symbols: readonly string[], onTick: (tick: Tick) => void, onEvent?: (event: LiveEvent) => void): BinanceLive | undefined;
}

const GAUGE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

/**
 * The enabled connectors, each with its transport (root URL and key from configuration), its own
 * resilience (budget, timeout, retry, breaker) and its symbol mapping: the etl service wires them in
 * one line, `createProviders(ctx.config, { counter: ctx.cache, lastGood: ctx.cache })`.
 */
export function createProviders(config: Pick<Config, 'providers'>, deps: ProviderDeps): Providers {
  const budgets = { ...defaultBudgets(config), ...deps.budgets };
  const policies = new Map<SourceId, Resilience>();
  const transport = (provider: RealSource, baseUrl: string, extra: Partial<HttpOptions> = {}) => {
    const resilience = new Resilience(provider, {
      ...deps.resilience?.[provider],
      budget: new RequestBudget({ provider, limits: budgets[provider], counter: deps.counter, keyPrefix: deps.budgetPrefix ?? 'budget' }),
      ...(deps.onBreakerChange ? { onStateChange: deps.onBreakerChange } : {}),
    });
    policies.set(provider, resilience);
    return new HttpJson({ provider, baseUrl, resilience, ...(deps.fetch ? { fetch: deps.fetch } : {}), ...extra });
  };
  const resolver = (id: SourceId, rule?: SymbolResolver) => symbolResolver(id, deps.symbols, rule);
  const identity: SymbolResolver = (s) => s;
  const p = config.providers;

  const built: {
    yahoo?: Provider;
    alphavantage?: AlphaVantageProvider;
    coingecko?: CoinGeckoProvider;
    fred?: Provider;
    vci?: Provider;
    binance?: BinanceRest;
  } = {};
  for (const id of p.enabled) {
    switch (id) {
      case 'yahoo':
        built.yahoo = createYahoo({
          http: transport('yahoo', p.yahoo.url, { errorText: yahooErrorText }),
          symbols: resolver('yahoo', identity),
        });
        break;
      case 'alphavantage':
        built.alphavantage = createAlphaVantage({
          http: transport('alphavantage', p.alphavantage.url),
          symbols: resolver('alphavantage', (s) => (/^[A-Z.]{1,10}$/.test(s) ? s : undefined)),
          apiKey: p.alphavantage.key,
        });
        break;
      case 'coingecko':
        built.coingecko = createCoinGecko({
          http: transport('coingecko', p.coingecko.url, {
            headers: coingeckoKeyHeader(p.coingecko.url, p.coingecko.key),
            errorText: coingeckoErrorText,
          }),
          symbols: resolver('coingecko'),
        });
        break;
      case 'fred':
        built.fred = createFred({ http: transport('fred', p.fred.url, { errorText: fredErrorText }), apiKey: p.fred.key });
        break;
      case 'vci':
        built.vci = createVci({
          http: transport('vci', p.vci.url, { headers: VCI_HEADERS, errorText: vciErrorText }),
          symbols: resolver('vci'),
        });
        break;
      case 'binance':
        built.binance = createBinanceRest({
          http: transport('binance', p.binance.url, { errorText: binanceErrorText }),
          symbols: resolver('binance', binanceSymbolRule),
        });
        break;
      default:
        // synthetic and manual are served by the etl service itself.
        break;
    }
  }
  const list = p.enabled.flatMap((id) => {
    const provider = built[id as RealSource];
    return provider === undefined ? [] : [provider];
  });
  const breakers = () => Object.fromEntries([...policies].map(([id, r]) => [id, r.state])) as Partial<Record<SourceId, BreakerState>>;

  return {
    list,
    get: (id) => built[id as RealSource],
    ...built,
    breakers,
    readiness() {
      const checks: Record<string, ProviderCheck> = {};
      for (const [id, state] of Object.entries(breakers())) {
        checks[`provider:${id}`] = state === 'closed' ? { ok: true } : { ok: true, detail: `degraded: breaker ${state}` };
      }
      return checks;
    },
    registerMetrics(metrics) {
      metrics.gauge('provider_breaker_state', 'Circuit breaker per provider: 0 closed, 1 half-open, 2 open', ['provider'], (g) => {
        for (const [provider, state] of Object.entries(breakers())) g.set({ provider }, GAUGE[state]);
      });
    },
    chain(symbol) {
      return new ProviderChain({
        providers: list.filter((provider) => provider.providerSymbol(symbol) !== undefined),
        ...(deps.lastGood ? { lastGood: deps.lastGood } : {}),
      });
    },
    live(symbols, onTick, onEvent) {
      const rest = built.binance;
      if (rest === undefined) return undefined;
      return new BinanceLive({
        wsUrl: p.binance.wsUrl,
        symbols,
        resolve: rest.providerSymbol,
        rest,
        onTick,
        ...(onEvent ? { onEvent } : {}),
      });
    },
  };
}
