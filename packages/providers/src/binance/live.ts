import type { Tick } from '@bourse/core';
import { ExponentialBackoff, type IBackoff } from 'cockatiel';
import WebSocket from 'ws';
import { ProviderError } from '../port.ts';
import type { SymbolResolver } from '../symbols.ts';
import { decimal, parse } from '../validate.ts';
import type { BinanceRest, BinanceTrade } from './rest.ts';
import { BookTickerEvent, TradeEvent } from './schema.ts';

/** What the live source reports beside ticks, for logs and metrics. */
export type LiveEvent =
  | { readonly type: 'open'; readonly url: string }
  | { readonly type: 'close'; readonly code: number; readonly reason: string; readonly reconnectInMs: number }
  | { readonly type: 'rotate' }
  | { readonly type: 'stale'; readonly silentMs: number }
  | { readonly type: 'backfill'; readonly symbol: string; readonly fromSeq: number; readonly toSeq: number; readonly filled: number }
  | { readonly type: 'error'; readonly error: Error };

export interface BinanceLiveOptions {
  /** BOURSE_BINANCE_WS_URL: the stream root; the connection is `<root>/ws/<symbol>@trade`. */
  readonly wsUrl: string;
  /** Bourse symbols to stream. */
  readonly symbols: readonly string[];
  readonly resolve: SymbolResolver;
  /** The REST connector that fills gaps from historicalTrades. */
  readonly rest: Pick<BinanceRest, 'tradesFrom'>;
  readonly onTick: (tick: Tick) => void;
  readonly onEvent?: (event: LiveEvent) => void;
  /** Backoff between reconnects (defaults 500 ms doubling to 30 s). */
  readonly reconnectInitialMs?: number;
  readonly reconnectMaxMs?: number;
  /** Binance closes a connection after 24 hours: the source opens a new one before (default 23 h 30 min). */
  readonly maxConnectionMs?: number;
  /** A connection silent this long (no message, no ping) is dropped and reopened (default 60 s). */
  readonly staleAfterMs?: number;
}

interface Book {
  bid: number;
  ask: number;
}

/**
 * Binance's trade stream as a live source. It subscribes to each symbol's `@trade` stream (the first
 * in the URL, the rest and every `@bookTicker` with a SUBSCRIBE message, sent again on each new
 * connection), answers pings with pongs (ws does so itself), reconnects with exponential backoff
 * after a close, reopens before Binance's 24-hour cut-off, and after any gap in a symbol's trade ids
 * (a reconnect, a dropped message) fetches the missing trades from REST before the trade that
 * revealed it, so ticks leave in trade-id order with none missing. It emits core Ticks (seq = trade
 * id; bid and ask from the book ticker, the trade price until a book is known); it publishes nothing
 * itself. A message that does not parse is reported and skipped, never thrown.
 */
export class BinanceLive {
  private socket: WebSocket | undefined;
  private stopped = true;
  private backoff: IBackoff<unknown>;
  private readonly lastSeq = new Map<string, number>();
  private readonly books = new Map<string, Book>();
  private readonly bySymbol = new Map<string, string>();
  private queue: Promise<void> = Promise.resolve();
  private timers: NodeJS.Timeout[] = [];
  private watchdog: NodeJS.Timeout | undefined;
  private readonly factory: ExponentialBackoff<unknown>;

  constructor(private readonly options: BinanceLiveOptions) {
    for (const symbol of options.symbols) {
      const pair = options.resolve(symbol);
      if (pair === undefined) throw new ProviderError('binance', 'not_found', `${symbol}: no binance symbol is mapped for it`, { symbol });
      this.bySymbol.set(pair.toUpperCase(), symbol);
    }
    this.factory = new ExponentialBackoff({ initialDelay: options.reconnectInitialMs ?? 500, maxDelay: options.reconnectMaxMs ?? 30_000 });
    this.backoff = this.factory.next();
  }

  /** The last trade id emitted per Bourse symbol (where a restart may resume from). */
  get positions(): ReadonlyMap<string, number> {
    return this.lastSeq;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  /** Closes the connection and waits for ticks already being delivered (a backfill in progress) to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    this.socket?.close(1000, 'stopping');
    this.socket = undefined;
    await this.queue;
  }

  private streams(): string[] {
    return [...this.bySymbol.keys()].flatMap((pair) => [`${pair.toLowerCase()}@trade`, `${pair.toLowerCase()}@bookTicker`]);
  }

  private connect(): void {
    const [first, ...rest] = this.streams();
    const url = `${this.options.wsUrl.replace(/\/+$/, '')}/ws/${first}`;
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.on('open', () => {
      this.backoff = this.factory.next();
      if (rest.length > 0) socket.send(JSON.stringify({ method: 'SUBSCRIBE', params: rest, id: Date.now() }));
      this.options.onEvent?.({ type: 'open', url });
      this.alive(socket);
      const rotate = setTimeout(
        () => {
          this.options.onEvent?.({ type: 'rotate' });
          socket.close(1000, 'rotating before the 24-hour limit');
        },
        this.options.maxConnectionMs ?? 23.5 * 3_600_000,
      );
      this.timers.push(rotate);
    });
    socket.on('ping', () => this.alive(socket));
    socket.on('message', (data) => {
      this.alive(socket);
      const text = data.toString();
      this.queue = this.queue.then(() => this.handle(text)).catch((error: Error) => this.options.onEvent?.({ type: 'error', error }));
    });
    socket.on('error', (error) => this.options.onEvent?.({ type: 'error', error }));
    socket.on('close', (code, reason) => {
      if (this.socket !== socket) return;
      this.clearTimers();
      this.socket = undefined;
      if (this.stopped) return;
      const rotating = reason.toString().startsWith('rotating');
      const delay = rotating ? 0 : this.backoff.duration;
      if (!rotating) this.backoff = this.backoff.next(undefined);
      this.options.onEvent?.({ type: 'close', code, reason: reason.toString(), reconnectInMs: delay });
      this.timers.push(
        setTimeout(() => {
          if (!this.stopped) this.connect();
        }, delay),
      );
    });
  }

  /** Any sign of life restarts the watchdog; silence past staleAfterMs drops the connection (the close reconnects). */
  private alive(socket: WebSocket): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    const silence = this.options.staleAfterMs ?? 60_000;
    this.watchdog = setTimeout(() => {
      this.options.onEvent?.({ type: 'stale', silentMs: silence });
      socket.terminate();
    }, silence);
  }

  private clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = undefined;
  }

  private async handle(text: string): Promise<void> {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      throw new ProviderError('binance', 'schema', `stream: a message that is not JSON ("${text.slice(0, 60)}")`);
    }
    const m = message as { e?: unknown; u?: unknown; result?: unknown; id?: unknown };
    if (m.e === 'trade') return this.trade(message);
    if (m.u !== undefined) return this.book(message);
    // {"result": null, "id": ...} answers a SUBSCRIBE.
    if ('result' in (m as object)) return;
    throw new ProviderError('binance', 'schema', `stream: a message of no known kind ("${text.slice(0, 60)}")`);
  }

  private book(message: unknown): void {
    const b = parse('binance', 'stream', BookTickerEvent, message);
    const symbol = this.bySymbol.get(b.s);
    if (symbol === undefined) return;
    this.books.set(symbol, { bid: decimal('binance', symbol, 'b', b.b), ask: decimal('binance', symbol, 'a', b.a) });
  }

  private async trade(message: unknown): Promise<void> {
    const t = parse('binance', 'stream', TradeEvent, message);
    const symbol = this.bySymbol.get(t.s);
    if (symbol === undefined) return;
    const trade: BinanceTrade = {
      id: t.t,
      ts: t.T,
      price: decimal('binance', symbol, 'p', t.p),
      size: decimal('binance', symbol, 'q', t.q),
    };
    const last = this.lastSeq.get(symbol);
    if (last !== undefined && trade.id <= last) return; // already emitted (the backfill or a redelivery)
    if (last !== undefined && trade.id > last + 1) await this.backfill(symbol, last + 1, trade.id - 1);
    this.emit(symbol, trade);
  }

  /** Fetches trades fromSeq..toSeq from REST and emits them; a REST failure is reported, and the stream goes on. */
  private async backfill(symbol: string, fromSeq: number, toSeq: number): Promise<void> {
    let next = fromSeq;
    try {
      while (next <= toSeq && !this.stopped) {
        const page = await this.options.rest.tradesFrom(symbol, next, Math.min(1000, toSeq - next + 1));
        const wanted = page.filter((t) => t.id >= next && t.id <= toSeq);
        if (wanted.length === 0) break;
        for (const trade of wanted) this.emit(symbol, trade);
        next = (wanted.at(-1)?.id ?? toSeq) + 1;
      }
    } catch (error) {
      this.options.onEvent?.({ type: 'error', error: error as Error });
    }
    this.options.onEvent?.({ type: 'backfill', symbol, fromSeq, toSeq, filled: next - fromSeq });
  }

  private emit(symbol: string, trade: BinanceTrade): void {
    const book = this.books.get(symbol);
    this.lastSeq.set(symbol, trade.id);
    this.options.onTick({
      symbol,
      ts: trade.ts,
      seq: trade.id,
      price: trade.price,
      size: trade.size,
      bid: book?.bid ?? trade.price,
      ask: book?.ask ?? trade.price,
    });
  }
}
