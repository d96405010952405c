import Type, { type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { type Envelope, envelope } from './envelope.ts';
import { firstSchemaError } from './payload.ts';
import { tickBatchId } from './ids.ts';
import { SymbolSchema, Tick, TickPrice, TickSeq, TickSize, TickTs } from './types.ts';

/**
 * Tick batches on the bus (`md.tick.<symbol>`, envelope type `tick.batch`).
 *
 * Version 2, what Bourse publishes: one symbol's ticks as columns,
 * `{symbol, ts: [...], seq: [...], price: [...], size: [...], bid: [...], ask: [...]}`.
 * Against version 1 (an array of tick objects, still read so that batches
 * published before an upgrade, or by an older feed, are stored) it is half
 * the bytes, and JSON prints and parses it about twice as fast: arrays of
 * numbers instead of one object with seven keys per tick.
 */
export const TICK_BATCH = 'tick.batch';
export const TICK_BATCH_VERSION = 2;
export const TICK_BATCH_MAX = 100_000;

const column = <T extends Type.TSchema>(item: T) => Type.Array(item, { minItems: 1, maxItems: TICK_BATCH_MAX });
export const TickColumns = Type.Object({
  symbol: SymbolSchema,
  ts: column(TickTs),
  seq: column(TickSeq),
  price: column(TickPrice),
  size: column(TickSize),
  bid: column(TickPrice),
  ask: column(TickPrice),
});
export type TickColumns = Static<typeof TickColumns>;
const TickRows = Type.Array(Tick, { minItems: 1, maxItems: TICK_BATCH_MAX });

const checkColumns = Compile(TickColumns);
const checkRows = Compile(TickRows);

/** Why a message is not a tick batch Bourse can read; the message is the reason. */
export class TickBatchError extends Error {
  override name = 'TickBatchError';
}

/** The envelope the feed publishes for ticks of one symbol (in (ts, seq) order), with its stable id. */
export function tickBatch(ticks: readonly Tick[], fields: { source: string; requestId?: string; ts?: number }): Envelope<TickColumns> {
  const first = ticks[0];
  const last = ticks.at(-1);
  if (!first || !last) throw new TickBatchError('a tick batch holds at least one tick');
  const n = ticks.length;
  const data: TickColumns = {
    symbol: first.symbol,
    ts: new Array(n),
    seq: new Array(n),
    price: new Array(n),
    size: new Array(n),
    bid: new Array(n),
    ask: new Array(n),
  };
  for (let i = 0; i < n; i++) {
    const t = ticks[i]!;
    if (t.symbol !== first.symbol) throw new TickBatchError(`a tick batch holds one symbol: ${first.symbol} and ${t.symbol}`);
    data.ts[i] = t.ts;
    data.seq[i] = t.seq;
    data.price[i] = t.price;
    data.size[i] = t.size;
    data.bid[i] = t.bid;
    data.ask[i] = t.ask;
  }
  return envelope({
    ...fields,
    id: tickBatchId(first.symbol, first.seq, last.seq, first.ts),
    type: TICK_BATCH,
    v: TICK_BATCH_VERSION,
    key: first.symbol,
    data,
  });
}

/**
 * The ticks of a `tick.batch` envelope of either version, validated; throws
 * TickBatchError with the reason (wrong type or version, the first invalid
 * field and where, columns of different lengths, a number that is not finite).
 */
export function readTickBatch(env: Envelope): Tick[] {
  if (env.type !== TICK_BATCH) throw new TickBatchError(`unexpected message type "${env.type}" (want ${TICK_BATCH})`);
  let ticks: Tick[];
  if (env.v === 2) {
    const data = env.data;
    if (!checkColumns.Check(data)) throw new TickBatchError(`invalid tick batch: ${firstSchemaError(checkColumns, data)}`);
    const n = data.ts.length;
    for (const name of ['seq', 'price', 'size', 'bid', 'ask'] as const) {
      if (data[name].length !== n) throw new TickBatchError(`invalid tick batch: /${name} has ${data[name].length} values, /ts has ${n}`);
    }
    const { symbol, ts, seq, price, size, bid, ask } = data;
    ticks = new Array<Tick>(n);
    for (let i = 0; i < n; i++)
      ticks[i] = { symbol, ts: ts[i]!, seq: seq[i]!, price: price[i]!, size: size[i]!, bid: bid[i]!, ask: ask[i]! };
  } else if (env.v === 1) {
    if (!checkRows.Check(env.data)) throw new TickBatchError(`invalid tick batch: ${firstSchemaError(checkRows, env.data)}`);
    ticks = env.data;
  } else {
    throw new TickBatchError(`unsupported tick batch version ${env.v} (this build reads 1 and 2)`);
  }
  // JSON carries no NaN or Infinity, but an in-process producer could hand them over.
  for (const t of ticks) {
    if (!Number.isFinite(t.price) || !Number.isFinite(t.size) || !Number.isFinite(t.bid) || !Number.isFinite(t.ask)) {
      throw new TickBatchError(`invalid tick batch: non-finite number in tick ${t.symbol}#${t.seq}`);
    }
  }
  return ticks;
}

const NONE: readonly Tick[] = Object.freeze([]);
/** What ticksOrNone read from an envelope: several rooms of one stream instance follow the same message. */
const followed = new WeakMap<Envelope, readonly Tick[]>();

/**
 * The ticks of a valid tick batch, or none: for consumers that follow the stream and skip what they
 * cannot read. Read and validated once per envelope object, however many followers it is handed to.
 */
export function ticksOrNone(env: Envelope): readonly Tick[] {
  let ticks = followed.get(env);
  if (ticks === undefined) {
    try {
      ticks = readTickBatch(env);
    } catch {
      ticks = NONE;
    }
    followed.set(env, ticks);
  }
  return ticks;
}
