/**
 * A server for the stream benchmark, started by run.ts in its own process:
 *   bourse  the stream service (startProcess, in-process bus), ticks published on the bus
 *   ws      a bare `ws` broadcast server: the same quote frames sent straight to the subscribers
 * Both generate the same ticks in-process: `rate` ticks/s over `symbols` symbols, one batch per
 * symbol every `lingerMs` (as the feed batches them), each tick stamped with Date.now().
 * Prints `READY <port>` when listening. The stream service's store (symbol checks, snapshots) is
 * PGlite in-process by default, or PostgreSQL when a URL is given.
 */
import { CATALOG, loadConfig, subjects, type Tick, tickBatch } from '@bourse/core';
import { startProcess } from '@bourse/kit';
import { createStreamService } from '@bourse/svc-stream';
import { WebSocketServer, type WebSocket } from 'ws';

const [kind = 'bourse', rateArg = '10000', symbolsArg = '50', lingerArg = '50', database = 'pglite'] = process.argv.slice(2);
const rate = Number(rateArg);
const lingerMs = Number(lingerArg);
const symbols = CATALOG.slice(0, Number(symbolsArg)).map((c) => c.symbol);

type Publish = (symbol: string, ticks: Tick[]) => void;

function generate(publish: Publish): void {
  const seqs = new Map(symbols.map((s) => [s, 0]));
  const prices = new Map(symbols.map((s, i) => [s, 100 + i]));
  let carry = 0;
  const perRound = (rate * lingerMs) / 1000 / symbols.length;
  setInterval(() => {
    if (rate === 0) return;
    carry += perRound;
    const n = Math.floor(carry);
    carry -= n;
    if (n === 0) return;
    const ts = Date.now();
    for (const symbol of symbols) {
      const batch: Tick[] = [];
      for (let i = 0; i < n; i++) {
        const price = prices.get(symbol)! * (1 + (Math.random() - 0.5) * 1e-4);
        prices.set(symbol, price);
        const seq = seqs.get(symbol)! + 1;
        seqs.set(symbol, seq);
        batch.push({ symbol, ts, seq, price, size: 1, bid: price - 0.01, ask: price + 0.01 });
      }
      publish(symbol, batch);
    }
  }, lingerMs);
}

if (kind === 'bourse') {
  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'warn', PORT: '0', HOST: '127.0.0.1', BOURSE_INSTANCE_ID: 'bench' });
  const running = await startProcess({
    // PGlite runs inside the process (hundreds of MB of WASM heap); a PostgreSQL URL keeps the RSS the stream's own.
    config: { ...config, database: database === 'pglite' ? { kind: 'pglite', dir: 'memory://' } : { kind: 'postgres', url: database } },
    modules: [createStreamService({ maxConnections: 20_000, messagesPerSecond: 1000, burst: 2000 })],
  });
  let id = 0;
  generate((symbol, ticks) => {
    void running.ctx.bus.publish(subjects.tick(symbol), { ...tickBatch(ticks, { source: 'bench' }), id: `b${++id}` });
  });
  process.stdout.write(`READY ${new URL(running.url!).port}\n`);
} else {
  // The bare peer: the same frames, no rooms machinery, no queues, no bus.
  const subscribers = new Map<string, Set<WebSocket>>(symbols.map((s) => [s, new Set()]));
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, clientTracking: false });
  wss.on('connection', (ws) => {
    ws.send(
      JSON.stringify({
        type: 'welcome',
        serverTime: Date.now(),
        instanceId: 'bare',
        connectionId: '',
        rooms: [],
        limits: { heartbeatMs: 15000 },
      }),
    );
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { op: string; rooms?: string[] };
      if (msg.op !== 'subscribe' || !msg.rooms) return;
      for (const room of msg.rooms) subscribers.get(room.slice('quotes:'.length))?.add(ws);
      ws.send(JSON.stringify({ type: 'subscribed', rooms: msg.rooms }));
    });
    ws.on('close', () => {
      for (const set of subscribers.values()) set.delete(ws);
    });
  });
  await new Promise((resolve) => wss.once('listening', resolve));
  const text = { binary: false };
  generate((symbol, ticks) => {
    const t = ticks[ticks.length - 1]!;
    const quote = { symbol, ts: t.ts, seq: t.seq, last: t.price, bid: t.bid, ask: t.ask, size: t.size };
    const frame = Buffer.from(`{"room":"quotes:${symbol}","type":"quote","seq":${t.seq},"data":${JSON.stringify(quote)}}`);
    for (const ws of subscribers.get(symbol)!) ws.send(frame, text);
  });
  process.stdout.write(`READY ${(wss.address() as { port: number }).port}\n`);
}
