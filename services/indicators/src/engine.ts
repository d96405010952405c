import { BadRequestError, type Bar, barPayload, envelope, INDICATOR, type IndicatorUpdate, type Interval, subjects } from '@bourse/core';
import type { ServiceContext, Worker } from '@bourse/kit';
import type { IndicatorStream, SeriesInputs } from '@bourse/quant/indicators';
import type { IndicatorRequest } from './spec.ts';

export interface IndicatorResult {
  name: string;
  label: string;
  params: Record<string, number>;
  lookback: number;
  outputs: Record<string, (number | null)[]>;
}

export interface SeriesColumns {
  open?: readonly number[];
  high?: readonly number[];
  low?: readonly number[];
  close?: readonly number[];
  volume?: readonly number[];
  start?: readonly number[];
}

const FIELDS = ['open', 'high', 'low', 'close', 'volume', 'start'] as const;

/** Columns as Float64Arrays, after checking that they all have one length. */
export function toInputs(series: SeriesColumns): { inputs: SeriesInputs; length: number } {
  let length = -1;
  const inputs: { -readonly [K in keyof SeriesInputs]: Float64Array } = {};
  for (const f of FIELDS) {
    const col = series[f];
    if (col === undefined) continue;
    if (length === -1) length = col.length;
    else if (col.length !== length)
      throw new BadRequestError(`body.series.${f} has ${col.length} values but the other series have ${length}`);
    inputs[f] = Float64Array.from(col);
  }
  if (length === -1) throw new BadRequestError('body.series must have at least one of open, high, low, close, volume');
  return { inputs, length };
}

/** Run each indicator over the columns; NaN (warm-up) becomes null; only the last `keep` values are returned. */
export function compute(requests: readonly IndicatorRequest[], inputs: SeriesInputs, length: number, keep = length): IndicatorResult[] {
  return requests.map(({ def, params, label }) => {
    const missing = def.inputs.filter((i) => inputs[i] === undefined);
    if (missing.length) throw new BadRequestError(`${def.name} needs series ${missing.join(', ')}`);
    const lookback = def.lookback(params);
    const raw = length > 0 ? (def.batch(inputs, params) as Record<string, Float64Array>) : {};
    const outputs: Record<string, (number | null)[]> = {};
    for (const o of def.outputs) {
      const column = raw[o] ?? new Float64Array(0);
      const from = Math.max(0, length - keep);
      const values: (number | null)[] = new Array(length - from);
      for (let i = from; i < length; i++) {
        const v = column[i]!;
        values[i - from] = Number.isFinite(v) ? v : null;
      }
      outputs[o] = values;
    }
    return { name: def.name, label, params: { ...params }, lookback, outputs };
  });
}

export function barsToInputs(bars: readonly Bar[]): SeriesInputs {
  const n = bars.length;
  const cols = {
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
    start: new Float64Array(n),
  };
  bars.forEach((b, i) => {
    cols.open[i] = b.open;
    cols.high[i] = b.high;
    cols.low[i] = b.low;
    cols.close[i] = b.close;
    cols.volume[i] = b.volume;
    cols.start[i] = b.start;
  });
  return cols;
}

/** Bars fetched beyond the requested ones so that recursive indicators (EMA, RSI, ADX) have converged. */
export function warmupBars(requests: readonly IndicatorRequest[]): number {
  const lookback = Math.max(0, ...requests.map((r) => r.def.lookback(r.params)));
  return lookback * 3 + 100;
}

interface Tracked {
  readonly symbol: string;
  readonly interval: Interval;
  readonly requests: Map<string, IndicatorRequest>;
  lastUsed: number;
  streams: Map<string, IndicatorStream> | undefined;
  lastStart: number;
  init: Promise<void> | undefined;
}

/**
 * Streaming indicators for the (symbol, interval) pairs in use: warmed on the stored bars,
 * then advanced by each bar update from the bus (`replace` while the bar is open, `update`
 * when a new one starts), publishing the values on md.ind.<interval>.<symbol>.
 */
export class IndicatorStreams {
  private readonly tracked = new Map<string, Tracked>();
  private readonly idleMs: number;
  constructor(
    private readonly ctx: ServiceContext<'store' | 'bus' | 'cache'>,
    options: { idleMs?: number } = {},
  ) {
    this.idleMs = options.idleMs ?? 15 * 60_000;
  }

  /** Keep these indicators streaming for (symbol, interval) until unused for a while. */
  use(symbol: string, interval: Interval, requests: readonly IndicatorRequest[]): void {
    const key = `${symbol}|${interval}`;
    let t = this.tracked.get(key);
    if (!t) {
      t = { symbol, interval, requests: new Map(), lastUsed: 0, streams: undefined, lastStart: -1, init: undefined };
      this.tracked.set(key, t);
    }
    t.lastUsed = Date.now();
    for (const r of requests) {
      if (!t.requests.has(r.label)) {
        t.requests.set(r.label, r);
        t.streams = undefined; // re-warm with the new set
        t.init = undefined;
      }
    }
  }

  get size(): number {
    return this.tracked.size;
  }

  private async warm(t: Tracked): Promise<void> {
    const requests = [...t.requests.values()];
    const bars = await this.ctx.store.bars.range(t.symbol, t.interval, { limit: warmupBars(requests) });
    const streams = new Map<string, IndicatorStream>();
    for (const r of requests) {
      const s = r.def.stream(r.params);
      for (const b of bars) s.update(b);
      streams.set(r.label, s);
    }
    t.lastStart = bars.at(-1)?.start ?? -1;
    t.streams = streams;
  }

  /** Apply one bar update; returns the values by label, or undefined when nothing tracks it. */
  async onBar(bar: Bar): Promise<IndicatorUpdate['values'] | undefined> {
    const t = this.tracked.get(`${bar.symbol}|${bar.interval}`);
    if (!t) return undefined;
    if (Date.now() - t.lastUsed > this.idleMs) {
      this.tracked.delete(`${bar.symbol}|${bar.interval}`);
      return undefined;
    }
    if (!t.streams) {
      t.init ??= this.warm(t);
      await t.init;
    }
    if (bar.start < t.lastStart || !t.streams) return undefined;
    const values: IndicatorUpdate['values'] = {};
    const replace = bar.start === t.lastStart;
    for (const [label, s] of t.streams) {
      const v = replace ? s.replace(bar) : s.update(bar);
      values[label] = v ? { ...v } : null;
    }
    t.lastStart = bar.start;
    return values;
  }

  follow(): Worker {
    const { bus, log, config } = this.ctx;
    const source = `indicators@${config.instanceId}`;
    const published = this.ctx.metrics.counter('indicators_updates_published_total', 'Indicator updates published');
    const unreadable = this.ctx.metrics.counter(
      'indicators_bars_unreadable_total',
      'Bar messages skipped because they fail the bar schema',
    );
    const sub = bus.subscribe(subjects.barsAll);
    const loop = (async () => {
      for await (const msg of sub) {
        // A live follower has nothing to dead-letter (the bar stream keeps the message): it skips
        // what does not read as a bar, saying why, and goes on with the next one.
        let bar: Bar;
        try {
          bar = barPayload.read(msg.envelope);
        } catch (err) {
          unreadable.inc();
          log.warn(
            { subject: msg.subject, id: msg.envelope.id, reason: (err as Error).message },
            'skipped a bar message that does not read',
          );
          continue;
        }
        try {
          const values = await this.onBar(bar);
          if (!values) continue;
          const update: IndicatorUpdate = { symbol: bar.symbol, interval: bar.interval, start: bar.start, final: bar.final, values };
          await bus.publish(
            subjects.indicator(bar.interval, bar.symbol),
            envelope({
              id: `ind:${bar.interval}:${bar.symbol}:${bar.start}:${bar.trades}:${bar.final ? 'f' : 'p'}`,
              type: INDICATOR,
              source,
              key: bar.symbol,
              data: update,
            }),
          );
          published.inc();
        } catch (err) {
          log.warn({ err, symbol: bar.symbol }, 'streaming indicator update failed');
        }
      }
    })();
    return {
      async stop() {
        sub.unsubscribe();
        await loop;
      },
    };
  }
}
