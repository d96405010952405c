import {
  aiSignalPayload,
  type Bar,
  barPayload,
  cacheKeys,
  type Envelope,
  indicatorPayload,
  insightPayload,
  INTERVALS,
  type Interval,
  type LastTrade,
  optionChainReader,
  SYMBOL_PATTERN,
  subjects,
  type StreamQuote,
  type Tick,
  ticksOrNone,
} from '@bourse/core';
import type { StreamContext } from './context.ts';
import { ProtocolError } from './protocol.ts';

/**
 * The stream forwards bars, indicator updates, chains, signals and insights as their producers
 * published them, after checking each against its payload's schema in core (the frame's wire
 * schema is the payload's own); one reader each, which remembers its verdict per envelope, so
 * that the rooms of one instance that follow a message check it once. What fails is skipped: a
 * follower has no dead-letter queue, the durable consumers of those subjects dead-letter it.
 */
const barReader = barPayload;
const indicatorReader = indicatorPayload;
const chainReader = optionChainReader();

/** What a room sends: a value with its seq. `seq` orders the room's frames and lets clients drop what they already have. */
export interface RoomValue {
  readonly seq: number;
  readonly data: unknown;
}

/**
 * How a room's seq is derived, so that it never goes backwards across instances and
 * reconnects: `source` is the feed's per-symbol tick sequence (the same on every instance;
 * an update at or below the room's seq is a duplicate or stale and is dropped), `time` is
 * the source's timestamp in ms, bumped by one when two updates share it.
 */
export type SeqKind = 'source' | 'time';

export interface RoomSpec {
  readonly name: string;
  readonly kind: string;
  readonly symbol?: string;
  /** The bus subject (or pattern) the room follows while it has members on this instance. */
  readonly subject: string;
  /** Frame `type` of the room's data. */
  readonly type: string;
  /** A slow client only gets the latest frame of this room (quotes, bars, summaries). */
  readonly conflate: boolean;
  readonly seqKind: SeqKind;
  /** Turn a bus message on `subject` into this room's update; undefined when it is not for this room. */
  fromBus(env: Envelope): RoomValue | undefined;
  /** What a new member gets first when this instance has not seen an update yet (cache, then store). */
  snapshot?(ctx: StreamContext): Promise<RoomValue | undefined>;
}

interface RoomKind {
  /** Parse the parts after `kind:`; throws ProtocolError. */
  parse(args: readonly string[], name: string): RoomSpec;
  readonly usage: string;
}

const symbolPattern = new RegExp(SYMBOL_PATTERN);

function symbolArg(args: readonly string[], index: number, name: string, usage: string): string {
  const symbol = args[index];
  if (args.length !== index + 1 || symbol === undefined) throw new ProtocolError('unknown_room', `"${name}" is not a room (use ${usage})`);
  if (!symbolPattern.test(symbol)) throw new ProtocolError('unknown_symbol', `"${symbol}" is not a symbol`);
  return symbol;
}

function intervalArg(args: readonly string[], name: string): Interval {
  const interval = args[0] as Interval;
  if (!INTERVALS.includes(interval)) {
    throw new ProtocolError('unknown_room', `"${name}": interval must be one of ${INTERVALS.join(', ')}`);
  }
  return interval;
}

function latestTick(ticks: readonly Tick[]): Tick | undefined {
  let latest: Tick | undefined;
  for (const t of ticks) {
    if (!latest || t.ts > latest.ts || (t.ts === latest.ts && t.seq > latest.seq)) latest = t;
  }
  return latest;
}

async function latestQuote(ctx: StreamContext, symbol: string): Promise<StreamQuote | undefined> {
  const cached = await ctx.cache.get<LastTrade>(cacheKeys.trade(symbol)).catch(() => undefined);
  if (cached && typeof cached.seq === 'number') return { symbol, ...cached };
  const row = (await ctx.store.quotes.latest([symbol])).get(symbol);
  return row ? { symbol, ts: row.ts, seq: row.seq, last: row.last, bid: row.bid, ask: row.ask, size: row.size } : undefined;
}

function ticksRoom(args: readonly string[], name: string): RoomSpec {
  const symbol = symbolArg(args, 0, name, 'ticks:<symbol>');
  return {
    name,
    kind: 'ticks',
    symbol,
    subject: subjects.tick(symbol),
    type: 'ticks',
    conflate: false,
    seqKind: 'source',
    fromBus(env) {
      const ticks = ticksOrNone(env);
      const latest = latestTick(ticks);
      return latest ? { seq: latest.seq, data: ticks } : undefined;
    },
    async snapshot(ctx) {
      const q = await latestQuote(ctx, symbol);
      if (!q) return undefined;
      const tick: Tick = { symbol, ts: q.ts, seq: q.seq, price: q.last, size: q.size ?? 0, bid: q.bid, ask: q.ask };
      return { seq: q.seq, data: [tick] };
    },
  };
}

function quotesRoom(args: readonly string[], name: string): RoomSpec {
  const symbol = symbolArg(args, 0, name, 'quotes:<symbol>');
  return {
    name,
    kind: 'quotes',
    symbol,
    subject: subjects.tick(symbol),
    type: 'quote',
    conflate: true,
    seqKind: 'source',
    fromBus(env) {
      const t = latestTick(ticksOrNone(env));
      if (!t) return undefined;
      const quote: StreamQuote = { symbol: t.symbol, ts: t.ts, seq: t.seq, last: t.price, bid: t.bid, ask: t.ask, size: t.size };
      return { seq: t.seq, data: quote };
    },
    async snapshot(ctx) {
      const q = await latestQuote(ctx, symbol);
      return q ? { seq: q.seq, data: q } : undefined;
    },
  };
}

function barsRoom(args: readonly string[], name: string): RoomSpec {
  const usage = 'bars:<interval>:<symbol>';
  const interval = intervalArg(args, name);
  const symbol = symbolArg(args, 1, name, usage);
  return {
    name,
    kind: 'bars',
    symbol,
    subject: subjects.bar(interval, symbol),
    type: 'bar',
    conflate: true,
    seqKind: 'time',
    fromBus(env) {
      const bar = barReader.readOrNone(env);
      if (bar?.interval !== interval || bar.symbol !== symbol) return undefined;
      return { seq: env.ts, data: env.data };
    },
    async snapshot(ctx) {
      // The open bar: the bar stream's latest as the market-data service caches it, else the store's.
      const cached = await ctx.cache.get<Bar>(cacheKeys.bar(interval, symbol)).catch(() => undefined);
      const stored = await ctx.store.bars.latest(symbol, interval);
      const bar =
        cached && (!stored || cached.start > stored.start || (cached.start === stored.start && cached.trades >= stored.trades))
          ? cached
          : stored;
      // seq = the bar's start: below every live update of that bar, which is published after it starts.
      return bar ? { seq: bar.start, data: bar } : undefined;
    },
  };
}

function indicatorsRoom(args: readonly string[], name: string): RoomSpec {
  const interval = intervalArg(args, name);
  const symbol = symbolArg(args, 1, name, 'ind:<interval>:<symbol>');
  return {
    name,
    kind: 'ind',
    symbol,
    subject: subjects.indicator(interval, symbol),
    type: 'indicator',
    conflate: true,
    seqKind: 'time',
    fromBus(env) {
      const update = indicatorReader.readOrNone(env);
      if (update?.interval !== interval || update.symbol !== symbol) return undefined;
      return { seq: env.ts, data: env.data };
    },
  };
}

function chainRoom(args: readonly string[], name: string): RoomSpec {
  const underlying = symbolArg(args, 0, name, 'chain:<underlying>');
  const subject = subjects.chain(underlying);
  return {
    name,
    kind: 'chain',
    symbol: underlying,
    subject,
    type: 'option.chain',
    conflate: true,
    seqKind: 'time',
    fromBus(env) {
      if (chainReader.readOrNone(env)?.underlying !== underlying) return undefined;
      return { seq: env.ts, data: env.data };
    },
    async snapshot(ctx) {
      // Chains are persisted on the bus (MD_CHAINS): the latest one is the snapshot.
      const env = await ctx.bus.lastPublished(subject);
      return env && chainReader.readOrNone(env)?.underlying === underlying ? { seq: env.ts, data: env.data } : undefined;
    },
  };
}

/** A room of one symbol's latest value of a payload (signals, insights): the bus's live ones, the store's on joining. */
function latestRoom(
  kind: string,
  type: string,
  subject: (symbol: string) => string,
  read: (env: Envelope) => { symbol: string; asOf: number } | undefined,
  stored: (ctx: StreamContext, symbol: string) => Promise<unknown>,
) {
  return (args: readonly string[], name: string): RoomSpec => {
    const symbol = symbolArg(args, 0, name, `${kind}:<symbol>`);
    return {
      name,
      kind,
      symbol,
      subject: subject(symbol),
      type,
      conflate: true,
      seqKind: 'time',
      fromBus(env) {
        const value = read(env);
        return value?.symbol === symbol ? { seq: value.asOf, data: env.data } : undefined;
      },
      async snapshot(ctx) {
        const value = (await stored(ctx, symbol)) as { asOf: number } | undefined;
        return value ? { seq: value.asOf, data: value } : undefined;
      },
    };
  };
}

const signalsRoom = latestRoom(
  'signals',
  'ai.signal',
  subjects.signal,
  (env) => aiSignalPayload.readOrNone(env),
  (ctx, s) => ctx.store.ai.latestSignal(s),
);
const insightsRoom = latestRoom(
  'insights',
  'insight',
  subjects.insight,
  (env) => insightPayload.readOrNone(env),
  (ctx, s) => ctx.store.insights.latest(s),
);

/** The general room is fed by the hub's market summary, built from every tick while the room has members. */
export const GENERAL: RoomSpec = {
  name: 'general',
  kind: 'general',
  subject: subjects.ticksAll,
  type: 'summary',
  conflate: true,
  seqKind: 'time',
  fromBus: () => undefined,
};

/**
 * The room kinds this instance serves. Extension point: a kind is added here once the
 * bus subject it follows exists in `@bourse/core` subjects, e.g.
 *   alerts               -> subjects.alert(userId)         (needs the signed-in user on the connection)
 * Until then those names are refused with an error frame like any unknown room.
 * A Map, not an object literal: a client's room name is looked up here, and `constructor`,
 * `toString` or `__proto__` must find nothing rather than Object.prototype's members.
 */
const KINDS: ReadonlyMap<string, RoomKind> = new Map([
  ['ticks', { parse: ticksRoom, usage: 'ticks:<symbol>' }],
  ['quotes', { parse: quotesRoom, usage: 'quotes:<symbol>' }],
  ['bars', { parse: barsRoom, usage: 'bars:<interval>:<symbol>' }],
  ['ind', { parse: indicatorsRoom, usage: 'ind:<interval>:<symbol>' }],
  ['chain', { parse: chainRoom, usage: 'chain:<underlying>' }],
  ['signals', { parse: signalsRoom, usage: 'signals:<symbol>' }],
  ['insights', { parse: insightsRoom, usage: 'insights:<symbol>' }],
]);

/** Rooms announced in the protocol whose data has no producer yet. */
const PLANNED: ReadonlyMap<string, string> = new Map([['alerts', 'the alerts room is not streamed yet (no alerts subject on the bus)']]);

/** Room names that clients may use, for the welcome frame. */
export const ROOM_USAGE: readonly string[] = ['general', ...[...KINDS.values()].map((k) => k.usage)];

const MAX_ROOM_NAME = 64;

/** Parse a room name; throws ProtocolError (unknown_room, unknown_symbol). Does not check that the symbol exists. */
export function parseRoom(name: string): RoomSpec {
  if (name.length === 0 || name.length > MAX_ROOM_NAME) throw new ProtocolError('unknown_room', 'room names are 1 to 64 characters');
  if (name === 'general') return GENERAL;
  const [kind, ...args] = name.split(':');
  const def = KINDS.get(kind!);
  if (def) return def.parse(args, name);
  const planned = PLANNED.get(kind!);
  throw new ProtocolError('unknown_room', planned ? `${name}: ${planned}` : `unknown room "${name}" (rooms: ${ROOM_USAGE.join(', ')})`);
}
