import {
  BadRequestError,
  type Bar,
  barPayload,
  bucketStart,
  CATALOG,
  cacheKeys,
  type LastTrade,
  INTERVAL_MS,
  INTERVALS,
  type Interval,
  NotFoundError,
  PoisonMessageError,
  Quote,
  SYMBOL_PATTERN,
  subjects,
  ticksOrNone,
  type Envelope,
  UnavailableError,
} from '@bourse/core';
import {
  type DependencyState,
  defineService,
  dependencyState,
  ErrorResponse,
  queryTime,
  type ServiceContext,
  TimeQuery,
  type Worker,
} from '@bourse/kit';
import Type from 'typebox';
import { AdjustQuery, adjustOhlcv, corporateActionRoutes } from './corporate-actions.ts';

const DAY = INTERVAL_MS['1d'];

const OhlcvBar = Type.Object({
  t: Type.Integer({ description: 'bar start, UTC epoch ms' }),
  o: Type.Number(),
  h: Type.Number(),
  l: Type.Number(),
  c: Type.Number(),
  v: Type.Number(),
  n: Type.Integer({ description: 'number of trades' }),
  vw: Type.Number({ description: 'volume-weighted average price' }),
});

/**
 * The cache as market-data reads it: a copy, never the only one. When Redis is away (or too slow) a read
 * is a miss and a write is skipped, so every quote and bar comes from the store until it returns; the
 * change is logged once each way (`state`), not per request.
 */
class CacheCopy {
  constructor(
    private readonly ctx: ServiceContext<'cache'>,
    private readonly state: DependencyState,
  ) {}
  async get<T>(key: string): Promise<T | undefined> {
    return this.attempt(() => this.ctx.cache.get<T>(key));
  }
  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    await this.attempt(() => this.ctx.cache.set(key, value, ttlMs));
  }
  private async attempt<T>(call: () => Promise<T>): Promise<T | undefined> {
    try {
      const result = await call();
      this.state.up();
      return result;
    } catch (err) {
      if (!(err instanceof UnavailableError)) throw err;
      this.state.down(err);
      return undefined;
    }
  }
}

export class MarketData {
  private readonly known = new Map<string, number>();
  private readonly copy: CacheCopy;
  constructor(private readonly ctx: ServiceContext<'bus' | 'store' | 'cache'>) {
    this.copy = new CacheCopy(ctx, dependencyState(ctx.log, 'market-data cache (reads fall back to the store)', { metrics: ctx.metrics }));
  }

  /** Throws 404 for a symbol the registry does not know (cached for a minute). */
  async assertKnown(symbol: string): Promise<void> {
    const seen = this.known.get(symbol);
    if (seen !== undefined && Date.now() - seen < 60_000) return;
    if (!(await this.ctx.store.instruments.get(symbol))) throw new NotFoundError(`unknown symbol ${symbol}`);
    this.known.set(symbol, Date.now());
  }

  private async lastTrade(symbol: string): Promise<LastTrade | undefined> {
    const cached = await this.copy.get<LastTrade>(cacheKeys.trade(symbol));
    if (cached) return cached;
    const row = (await this.ctx.store.quotes.latest([symbol])).get(symbol);
    if (!row) return undefined;
    const trade = { ts: row.ts, seq: row.seq, last: row.last, bid: row.bid, ask: row.ask };
    await this.copy.set(cacheKeys.trade(symbol), trade, 60_000);
    return trade;
  }

  private async dayBar(symbol: string, day: number): Promise<Bar | undefined> {
    const cached = await this.copy.get<Bar>(cacheKeys.bar('1d', symbol));
    if (cached && cached.start === day) return cached;
    const [bar] = await this.ctx.store.bars.range(symbol, '1d', { from: day, to: day, limit: 1 });
    return bar && bar.start === day ? bar : undefined;
  }

  private async prevClose(symbol: string, day: number): Promise<number | null> {
    const k = cacheKeys.prevClose(symbol, day);
    const cached = await this.copy.get<number | null>(k);
    if (cached !== undefined) return cached;
    const [bar] = await this.ctx.store.bars.range(symbol, '1d', { to: day - DAY, limit: 1 });
    const value = bar ? bar.close : null;
    await this.copy.set(k, value, 3_600_000);
    return value;
  }

  async quote(symbol: string): Promise<Quote | undefined> {
    const trade = await this.lastTrade(symbol);
    if (!trade) return undefined;
    const day = bucketStart(trade.ts, '1d');
    const [bar, prevClose] = await Promise.all([this.dayBar(symbol, day), this.prevClose(symbol, day)]);
    const change = prevClose === null ? null : trade.last - prevClose;
    return {
      symbol,
      ts: trade.ts,
      last: trade.last,
      bid: trade.bid,
      ask: trade.ask,
      open: bar?.open ?? null,
      high: bar ? Math.max(bar.high, trade.last) : null,
      low: bar ? Math.min(bar.low, trade.last) : null,
      prevClose,
      change,
      changePct: change === null || !prevClose ? null : (change / prevClose) * 100,
      volume: bar?.volume ?? 0,
    };
  }

  /**
   * Bars from the store, with the open bar overlaid from the cache (the bar stream runs
   * ahead of the store by ingest's batching delay).
   */
  async ohlcv(symbol: string, interval: Interval, from: number | undefined, to: number | undefined, limit: number): Promise<Bar[]> {
    const bars = await this.ctx.store.bars.range(symbol, interval, {
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
      limit,
    });
    const live = await this.copy.get<Bar>(cacheKeys.bar(interval, symbol));
    if (live && (from === undefined || live.start >= from) && (to === undefined || live.start <= to)) {
      const last = bars.at(-1);
      if (last && last.start === live.start) {
        if (live.trades > last.trades) bars[bars.length - 1] = live;
      } else if (!last || live.start > last.start) {
        bars.push(live);
        if (bars.length > limit) bars.shift();
      }
    }
    return bars;
  }

  /**
   * Bars of one source: `live` the tick-built bars, a source id that provider's bars. Without one, the
   * instrument's primary source: for the synthetic market's instruments the live bars, with the
   * synthetic backfill in the buckets the live feed has not built (a bucket comes from one of them,
   * never both); for any other instrument its live bars when it streams, else the provider's.
   */
  async ohlcvBySource(
    symbol: string,
    interval: Interval,
    source: string | undefined,
    from: number | undefined,
    to: number | undefined,
    limit: number,
  ): Promise<{ source: string; bars: Bar[] }> {
    const range = { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }), limit };
    const provided = async (id: string) =>
      (await this.ctx.store.etl.bars(symbol, interval, id, range)).map(
        (b): Bar => ({
          symbol,
          interval,
          start: b.start,
          open: b.open,
          high: b.high,
          low: b.low,
          close: b.close,
          volume: b.volume,
          trades: b.trades ?? 0,
          // Providers report no VWAP: the typical price stands in.
          vwap: (b.high + b.low + b.close) / 3,
          final: true,
        }),
      );
    if (source === 'live') return { source, bars: await this.ohlcv(symbol, interval, from, to, limit) };
    if (source !== undefined) return { source, bars: await provided(source) };
    const live = await this.ohlcv(symbol, interval, from, to, limit);
    const synthetic = CATALOG.some((e) => e.symbol === symbol);
    if (!synthetic && live.length > 0) return { source: 'live', bars: live };
    const primary = synthetic ? 'synthetic' : await this.ctx.store.etl.latestSource(symbol, interval);
    if (primary === undefined) return { source: 'live', bars: live };
    const byStart = new Map((await provided(primary)).map((b) => [b.start, b]));
    for (const b of live) byStart.set(b.start, b);
    const merged = [...byStart.values()].sort((a, b) => a.start - b.start);
    const bars = from === undefined ? merged.slice(-limit) : merged.slice(0, limit);
    return { source: live.length > 0 ? `live+${primary}` : primary, bars };
  }

  /**
   * Keep the cache fresh from the bus: last trades from ticks, open bars from the bar stream. While the
   * cache is away the latest value of each key waits here (one per symbol and interval: bounded by the
   * instruments) and is written with the next message once it is back, so no symbol keeps a trade from
   * before the outage; the outage itself is logged by state (the cache's observer), not per message.
   */
  follow(): Worker {
    const { bus, cache, log, metrics } = this.ctx;
    const unreadable = metrics.counter('market_data_bars_unreadable_total', 'Bar messages skipped because they fail the bar schema');
    const ticks = bus.subscribe(subjects.ticksAll);
    const bars = bus.subscribe(subjects.barsAll);
    const trades = new Map<string, LastTrade>();
    const openBars = new Map<string, Bar>();
    const run = async (it: AsyncIterable<{ subject: string; envelope: Envelope }>, fn: (env: Envelope) => Promise<void>) => {
      for await (const msg of it) {
        try {
          await fn(msg.envelope);
        } catch (err) {
          // A live follower has nothing to dead-letter (the stream keeps the message): it skips
          // what does not read, saying why, and goes on with the next one.
          if (err instanceof PoisonMessageError) {
            unreadable.inc();
            log.warn({ subject: msg.subject, id: msg.envelope.id, reason: err.message }, 'skipped a bar message that does not read');
          } else if (!(err instanceof UnavailableError)) log.warn({ err }, 'updating the quote cache failed');
        }
      }
    };
    const loops = [
      run(ticks, async (env) => {
        for (const t of ticksOrNone(env)) {
          const prev = trades.get(t.symbol);
          if (!prev || t.ts > prev.ts || (t.ts === prev.ts && t.seq > prev.seq)) {
            trades.set(t.symbol, { ts: t.ts, seq: t.seq, last: t.price, bid: t.bid, ask: t.ask });
          }
        }
        if (trades.size === 0) return;
        const batch = [...trades];
        await cache.setMany(batch.map(([symbol, trade]) => ({ key: cacheKeys.trade(symbol), value: trade, ttlMs: 86_400_000 })));
        // Written: forget them, unless a newer one arrived meanwhile.
        for (const [symbol, trade] of batch) if (trades.get(symbol) === trade) trades.delete(symbol);
      }),
      run(bars, async (env) => {
        const bar = barPayload.read(env);
        const key = cacheKeys.bar(bar.interval, bar.symbol);
        const waiting = openBars.get(key);
        if (!waiting || newer(bar, waiting)) openBars.set(key, bar);
        for (const [k, b] of [...openBars]) {
          const current = await cache.get<Bar>(k);
          if (!current || newer(b, current)) await cache.set(k, b, INTERVAL_MS[b.interval] * 2 + 60_000);
          if (openBars.get(k) === b) openBars.delete(k);
        }
      }),
    ];
    return {
      async stop() {
        ticks.unsubscribe();
        bars.unsubscribe();
        await Promise.all(loops);
      },
    };
  }
}

/** A bar replaces the cached one when it starts later, or is the same bar with at least as many trades. */
function newer(bar: Bar, than: Bar): boolean {
  return bar.start > than.start || (bar.start === than.start && bar.trades >= than.trades);
}

const SymbolParams = Type.Object({ symbol: Type.String({ pattern: SYMBOL_PATTERN }) });

export const marketDataService = defineService({
  name: 'market-data',
  description: 'Quotes and OHLCV history, served from the cache kept fresh from the bus',
  needs: ['bus', 'store', 'cache'],
  prefixes: ['/quotes', '/ohlcv', '/corporate-actions'],
  async routes(app, ctx) {
    const md = new MarketData(ctx);
    app.get(
      '/quotes/:symbol',
      {
        schema: {
          tags: ['market-data'],
          summary: 'Latest quote of one symbol',
          params: SymbolParams,
          response: { 200: Quote, 400: ErrorResponse, 404: ErrorResponse },
        },
      },
      async (request) => {
        const { symbol } = request.params;
        await md.assertKnown(symbol);
        const quote = await md.quote(symbol);
        if (!quote) throw new NotFoundError(`no quote yet for ${symbol}`);
        return quote;
      },
    );

    app.get(
      '/quotes',
      {
        schema: {
          tags: ['market-data'],
          summary: 'Latest quotes of up to 100 symbols',
          querystring: Type.Object({
            symbols: Type.String({ minLength: 1, maxLength: 4000, description: 'Comma-separated symbols, at most 100' }),
          }),
          response: { 200: Type.Array(Quote), 400: ErrorResponse, 404: ErrorResponse },
        },
      },
      async (request) => {
        const symbols = [
          ...new Set(
            request.query.symbols
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
          ),
        ];
        if (symbols.length === 0 || symbols.length > 100) throw new BadRequestError('querystring.symbols must list 1 to 100 symbols');
        const pattern = new RegExp(SYMBOL_PATTERN);
        const bad = symbols.filter((s) => !pattern.test(s));
        if (bad.length) throw new BadRequestError(`querystring.symbols has invalid symbols: ${bad.join(', ')}`);
        const unknown: string[] = [];
        for (const s of symbols) await md.assertKnown(s).catch(() => unknown.push(s));
        if (unknown.length) throw new NotFoundError(`unknown symbols: ${unknown.join(', ')}`, { unknown });
        const quotes = await Promise.all(symbols.map((s) => md.quote(s)));
        return quotes.filter((q): q is Quote => q !== undefined);
      },
    );

    app.get(
      '/ohlcv/:symbol',
      {
        schema: {
          tags: ['market-data'],
          summary: 'OHLCV bars, ascending by start',
          params: SymbolParams,
          querystring: Type.Object({
            interval: Type.Union(
              INTERVALS.map((i) => Type.Literal(i)),
              { default: '1m' },
            ),
            from: Type.Optional(TimeQuery),
            to: Type.Optional(TimeQuery),
            limit: Type.Integer({ minimum: 1, maximum: 5000, default: 500 }),
            adjust: AdjustQuery,
            source: Type.Optional(
              Type.String({
                pattern: '^[a-z]{1,32}$',
                description:
                  "`live` (tick-built bars) or a source id (synthetic, yahoo, vci, ...); default the instrument's primary source",
              }),
            ),
          }),
          response: {
            200: Type.Object({
              symbol: Type.String(),
              interval: Type.String(),
              source: Type.String({ description: 'what the bars came from, e.g. live+synthetic' }),
              bars: Type.Array(OhlcvBar),
            }),
            400: ErrorResponse,
            404: ErrorResponse,
          },
        },
      },
      async (request) => {
        const { symbol } = request.params;
        const { interval, limit } = request.query;
        const from = queryTime(request.query.from, 'from');
        const to = queryTime(request.query.to, 'to');
        if (from !== undefined && to !== undefined && from > to)
          throw new BadRequestError('querystring.from must not be after querystring.to');
        await md.assertKnown(symbol);
        const { source, bars: raw } = await md.ohlcvBySource(symbol, interval as Interval, request.query.source, from, to, limit);
        const bars = await adjustOhlcv(ctx.store, symbol, interval as Interval, raw, request.query.adjust);
        return {
          symbol,
          interval,
          source,
          bars: bars.map((b) => ({ t: b.start, o: b.open, h: b.high, l: b.low, c: b.close, v: b.volume, n: b.trades, vw: b.vwap })),
        };
      },
    );

    await corporateActionRoutes(app, ctx.store);
  },
  async start(ctx) {
    return new MarketData(ctx).follow();
  },
});
