import type { Bus } from '@bourse/bus';
import { envelope, subjects } from '@bourse/core';

/** One log line as the logs service receives it (pino's JSON, parsed). */
export type LogLine = Record<string, unknown> & { level?: string; time?: string; msg?: string; service?: string };

export interface LogBusOptions {
  /** Lines per second sent in full; past it, errors and fatals are kept and 1 in `sampleEvery` others. */
  readonly ratePerSecond: number;
  readonly instance: string;
  readonly sampleEvery?: number;
  /** Lines kept while the bus is away or slow; the oldest are dropped past it. */
  readonly maxBuffered?: number;
  readonly batchSize?: number;
  readonly flushMs?: number;
}

const MAX_LINE = 8192;

/**
 * A pino destination that batches log lines and publishes them on `logs.<service>`. It never
 * blocks nor throws: lines are buffered (bounded) until a bus is attached and while a publish
 * is in flight; a failed publish drops its batch. Past the rate, lines are sampled.
 */
export class LogBusSink {
  private bus: Bus | undefined;
  private fallbackService = 'bourse';
  private buffer: LogLine[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight = 0;
  private windowStart = 0;
  private windowCount = 0;
  private seq = 0;
  private readonly runId = Math.random().toString(36).slice(2, 10);
  readonly stats = { published: 0, sampledOut: 0, dropped: 0 };

  constructor(private readonly options: LogBusOptions) {}

  /** pino calls this with one serialised line. */
  write(chunk: string): void {
    try {
      const now = Date.now();
      if (now - this.windowStart >= 1000) {
        this.windowStart = now;
        this.windowCount = 0;
      }
      this.windowCount++;
      const text = chunk.length > MAX_LINE ? chunk.slice(0, MAX_LINE) : chunk;
      let line: LogLine;
      try {
        line = JSON.parse(text) as LogLine;
      } catch {
        line = { level: 'info', time: new Date(now).toISOString(), msg: text.trim() };
      }
      if (this.windowCount > this.options.ratePerSecond) {
        const important = line.level === 'error' || line.level === 'fatal';
        if (!important && this.windowCount % (this.options.sampleEvery ?? 10) !== 0) {
          this.stats.sampledOut++;
          return;
        }
        line.sampled = true;
      }
      this.buffer.push(line);
      const max = this.options.maxBuffered ?? 10_000;
      if (this.buffer.length > max) {
        const excess = this.buffer.length - max;
        this.buffer.splice(0, excess);
        this.stats.dropped += excess;
      }
      if (this.bus && this.buffer.length >= (this.options.batchSize ?? 200)) this.flushSoon(0);
      else this.flushSoon(this.options.flushMs ?? 1000);
    } catch {
      // Logging must never break the process.
    }
  }

  /** Start publishing (lines written before are sent too). `service` names lines without a `service` field. */
  attach(bus: Bus, service: string): void {
    this.bus = bus;
    this.fallbackService = service;
    this.flushSoon(0);
  }

  /** Publish what is buffered now and stop publishing (before the bus closes). */
  async detach(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush().catch(() => undefined);
    this.bus = undefined;
  }

  private flushSoon(ms: number): void {
    if (!this.bus) return;
    if (this.timer && ms > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush().catch(() => undefined);
    }, ms);
    this.timer.unref();
  }

  /** Publish the buffered lines, one envelope per service. */
  async flush(): Promise<void> {
    const bus = this.bus;
    if (!bus || this.buffer.length === 0 || this.inFlight >= 4) return;
    const lines = this.buffer.splice(0, this.options.batchSize ?? 200);
    const byService = new Map<string, LogLine[]>();
    for (const line of lines) {
      const service = typeof line.service === 'string' && line.service ? line.service : this.fallbackService;
      const group = byService.get(service);
      if (group) group.push(line);
      else byService.set(service, [line]);
    }
    this.inFlight++;
    try {
      await Promise.all(
        [...byService].map(async ([service, group]) => {
          const id = `logs:${this.options.instance}:${this.runId}:${++this.seq}`;
          try {
            await bus.publish(
              subjects.logs(service),
              envelope({ id, type: 'log.batch', source: `${service}@${this.options.instance}`, key: service, data: { lines: group } }),
            );
            this.stats.published += group.length;
          } catch {
            this.stats.dropped += group.length;
          }
        }),
      );
    } finally {
      this.inFlight--;
    }
    if (this.buffer.length > 0) this.flushSoon(this.buffer.length >= (this.options.batchSize ?? 200) ? 0 : (this.options.flushMs ?? 1000));
  }
}
