/**
 * Publish throughput of 1 KB envelopes, sequential (one publish awaited at a time, as a naive
 * producer does) and pipelined (a window of publishes in flight, as the feed should).
 *
 *   node --import tsx packages/bus/src/publish.bench.ts [nats://127.0.0.1:4222]
 *
 * Without a URL only the memory bus is measured. Messages go to md.tick.bench<run>.X and are
 * purged afterwards.
 */
import { type Envelope, envelope } from '@bourse/core';
import { jetstreamManager } from '@nats-io/jetstream';
import { createMemoryBus } from './memory.ts';
import { createNatsBus } from './nats.ts';
import type { Bus } from './port.ts';

const run = `bench${Date.now().toString(36)}`;
const subject = `md.tick.${run}.X`;
const payload = 'x'.repeat(1024 - 120);
let counter = 0;
const next = (): Envelope => envelope({ id: `${run}:${++counter}`, type: 'bench', source: 'bench', key: 'X', data: payload });

/** Queue `count` messages for a durable while it has no handler, then time how fast a handler with concurrency 1000 drains and acks them. */
async function measureConsume(label: string, bus: Bus, count: number, durable: string): Promise<void> {
  const pattern = `md.tick.${run}.>`;
  await (await bus.consume(pattern, { durable }, async () => {})).stop();
  await measure(`${label}: fill`, bus, count, 512);
  let done = 0;
  let finish: () => void = () => {};
  const all = new Promise<void>((resolve) => (finish = resolve));
  const started = performance.now();
  const c = await bus.consume(pattern, { durable, concurrency: 1000 }, async () => {
    // stands in for a handler that waits on a batched write
    await new Promise((r) => setImmediate(r));
    if (++done === count) finish();
  });
  await all;
  await c.stop();
  const s = (performance.now() - started) / 1000;
  console.log(
    `${`${label}: drain`.padEnd(34)} ${String(count).padStart(6)} msgs handled+acked ${Math.round(count / s)
      .toLocaleString('en')
      .padStart(9)} msg/s`,
  );
}

async function measure(label: string, bus: Bus, count: number, window: number): Promise<void> {
  const bytes = JSON.stringify(next()).length;
  const started = performance.now();
  const inflight = new Set<Promise<void>>();
  for (let i = 0; i < count; i++) {
    const p = bus.publish(subject, next()).finally(() => inflight.delete(p));
    inflight.add(p);
    if (inflight.size >= window) await Promise.race(inflight);
  }
  await Promise.all(inflight);
  const s = (performance.now() - started) / 1000;
  console.log(
    `${label.padEnd(34)} ${String(count).padStart(6)} msgs of ${bytes} B  ${Math.round(count / s)
      .toLocaleString('en')
      .padStart(9)} msg/s  ${((count * bytes) / s / 1e6).toFixed(1)} MB/s`,
  );
}

const memory = createMemoryBus({ name: 'bench' });
await measure('memory, sequential', memory, 100_000, 1);
await measureConsume('memory, consume', memory, 100_000, `${run}_consume`);
await memory.close();

const url = process.argv[2];
if (url) {
  const bus = await createNatsBus({ servers: url, name: 'bench' });
  try {
    await measure('nats jetstream, sequential', bus, 5_000, 1);
    await measure('nats jetstream, 64 in flight', bus, 30_000, 64);
    await measure('nats jetstream, 512 in flight', bus, 30_000, 512);
    await measureConsume('nats jetstream, consume', bus, 20_000, `${run}_consume`);
  } finally {
    const jsm = await jetstreamManager(bus.connection);
    await jsm.consumers.delete('MD_TICKS', `${run}_consume`).catch(() => false);
    await jsm.streams.purge('MD_TICKS', { filter: `md.tick.${run}.>` });
    await bus.close();
  }
}
