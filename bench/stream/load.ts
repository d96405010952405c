/**
 * The load generator of the stream benchmark, in its own process: `clients` connections
 * through @bourse/client, each subscribed to the quotes of `perClient` symbols; counts the
 * frames delivered over `seconds` and the tick-to-client latency (receive time minus the
 * tick's timestamp, same machine clock). Prints one JSON line.
 */
import { StreamClient, type WebSocketConstructor } from '@bourse/client';
import { CATALOG } from '@bourse/core';
import { WebSocket } from 'ws';

const [url = '', clientsArg = '1000', perClientArg = '10', symbolsArg = '50', secondsArg = '10', warmupArg = '3'] = process.argv.slice(2);
const clients = Number(clientsArg);
const perClient = Number(perClientArg);
const symbols = CATALOG.slice(0, Number(symbolsArg)).map((c) => c.symbol);
const seconds = Number(secondsArg);

let measuring = false;
let delivered = 0;
const latencies: number[] = [];
const all: StreamClient[] = [];
const opened: Promise<unknown>[] = [];

for (let i = 0; i < clients; i++) {
  const rooms = perClient === 0 ? [] : Array.from({ length: perClient }, (_, k) => `quotes:${symbols[(i + k) % symbols.length]}`);
  const client = new StreamClient({ url, rooms, WebSocket: WebSocket as unknown as WebSocketConstructor, idleTimeoutMs: 120_000 });
  client.on('data', (m) => {
    if (!measuring || m.snapshot || m.type !== 'quote' || !m.data) return;
    delivered++;
    if ((delivered & 7) === 0) latencies.push(Date.now() - m.data.ts);
  });
  opened.push(client.once('open'));
  all.push(client);
  // Connect in waves so that the listen backlog never overflows.
  if (i % 200 === 199) await Promise.all(opened.slice(-200));
}
await Promise.all(opened);
await new Promise((r) => setTimeout(r, Number(warmupArg) * 1000));
measuring = true;
const t0 = performance.now();
await new Promise((r) => setTimeout(r, seconds * 1000));
measuring = false;
const elapsed = (performance.now() - t0) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]! : null);
const connected = all.filter((c) => c.connected).length;
process.stdout.write(
  `${JSON.stringify({ clients, connected, deliveredPerSecond: Math.round(delivered / elapsed), p50: pct(0.5), p99: pct(0.99), reconnects: all.reduce((s, c) => s + c.stats.reconnects, 0) })}\n`,
);
for (const c of all) c.close();
setTimeout(() => process.exit(0), 500).unref();
