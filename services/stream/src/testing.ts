import type { Socket } from 'node:net';
import { subjects, type Tick, tickBatch } from '@bourse/core';
import type { ServiceContext } from '@bourse/kit';
import { WebSocket } from 'ws';

/** A frame as the tests see it. */
export type Frame = Record<string, unknown> & { type: string };

/**
 * A raw protocol client for the tests: every frame it receives is kept in order, and
 * `next(pred)` waits for the first one not yet taken that matches.
 */
export class RawClient {
  readonly frames: Frame[] = [];
  private taken = 0;
  private waiters: (() => void)[] = [];
  socket: Socket | undefined;
  closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('upgrade', (res) => {
      this.socket = res.socket as Socket;
    });
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)) as Frame);
      for (const w of this.waiters.splice(0)) w();
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const w of this.waiters.splice(0)) w();
      });
    });
    ws.on('error', () => undefined);
  }

  static async connect(url: string): Promise<RawClient> {
    const client = new RawClient(new WebSocket(url));
    await new Promise<void>((resolve, reject) => {
      client.ws.once('open', () => resolve());
      client.ws.once('error', reject);
    });
    return client;
  }

  send(value: unknown): void {
    this.ws.send(typeof value === 'string' ? value : JSON.stringify(value));
  }

  /** The first frame after the last one taken that matches, waiting for it up to `timeoutMs`. Frames before it are skipped. */
  async next(pred: (f: Frame) => boolean = () => true, timeoutMs = 10_000): Promise<Frame> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      while (this.taken < this.frames.length) {
        const f = this.frames[this.taken++]!;
        if (pred(f)) return f;
      }
      if (this.ws.readyState === WebSocket.CLOSED) throw new Error('connection closed while waiting for a frame');
      const left = until - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for a frame; last frames: ${JSON.stringify(this.frames.slice(-3))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Data frames of a room received so far. */
  of(room: string): Frame[] {
    return this.frames.filter((f) => f.room === room);
  }

  close(): void {
    this.ws.terminate();
  }
}

let batchId = 0;

/** Publish one tick batch of a symbol on the bus, as the feed does. */
export async function publishTicks(
  bus: ServiceContext<'bus'>['bus'],
  symbol: string,
  ticks: readonly Omit<Tick, 'symbol'>[],
): Promise<void> {
  const data: Tick[] = ticks.map((t) => ({ symbol, ...t }));
  const env = tickBatch(data, { source: 'test' });
  await bus.publish(subjects.tick(symbol), { ...env, id: `test:${symbol}:${process.pid}:${Date.now()}:${++batchId}` });
}

/** A tick with defaults: price 100 + seq/100. */
export function tick(seq: number, fields: Partial<Tick> = {}): Omit<Tick, 'symbol'> {
  const price = fields.price ?? 100 + seq / 100;
  return {
    ts: fields.ts ?? Date.now(),
    seq,
    price,
    size: fields.size ?? 1,
    bid: fields.bid ?? price - 0.01,
    ask: fields.ask ?? price + 0.01,
  };
}
