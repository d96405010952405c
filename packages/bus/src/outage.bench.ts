/**
 * How fast one publisher gets over a NATS outage: a private nats-server (spare port, temporary
 * store) is SIGKILLed while ~1,200 messages/s go to 60 subjects, restarted on the same store
 * after 5 s, and the time from the restart to the reconnect and to the backlog resent (the
 * outbox no longer holding) is printed, with what was held, resent and dropped.
 *
 *   node --import tsx packages/bus/src/outage.bench.ts [path/to/nats-server]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envelope } from '@bourse/core';
import { createNatsBus } from './nats.ts';

const bin = process.argv[2] ?? '/usr/sbin/nats-server';
const dir = mkdtempSync(join(tmpdir(), 'bourse-outage-bench-'));
const probe = createServer().listen(0, '127.0.0.1');
await once(probe, 'listening');
const port = (probe.address() as { port: number }).port;
probe.close();

let server: ChildProcess | undefined;
async function startServer(): Promise<void> {
  const c = spawn(bin, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  server = c;
  let err = '';
  c.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    if (err.includes('Server is ready')) c.emit('ready');
  });
  await once(c, 'ready');
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

await startServer();
const marks: Record<string, number> = {};
const logger = {
  warn: (_: object, message: string) => {
    if (message.startsWith('NATS is back')) marks.reconnected = performance.now();
  },
  error: (fields: object, message: string) => console.error(message, fields),
};
const bus = await createNatsBus({ servers: `nats://127.0.0.1:${port}`, name: 'outage-bench', logger });
let n = 0;
const producer = setInterval(() => {
  for (let i = 0; i < 24; i++) {
    n++;
    bus
      .publish(`md.tick.B${n % 60}`, envelope({ id: `b${n}`, type: 'bench', source: 'bench', key: 'k', data: { n } }))
      .catch(() => undefined);
  }
}, 20);
await sleep(3000);
server!.kill('SIGKILL');
await once(server!, 'exit');
await sleep(5000);
const held = bus.outbox.held;
await startServer();
const restarted = performance.now();
while (bus.outbox.holding === 1 || marks.reconnected === undefined) await sleep(5);
const resent = performance.now();
clearInterval(producer);
await bus.close();
server!.kill('SIGKILL');
rmSync(dir, { recursive: true, force: true });
const s = (t: number) => `${((t - restarted) / 1000).toFixed(2)} s`;
console.log(`held at the restart     ${held} messages`);
console.log(`reconnected             ${s(marks.reconnected!)} after the restart`);
console.log(`backlog resent          ${s(resent)} after the restart`);
console.log(`resent after a failure  ${bus.outbox.resent}`);
console.log(`dropped                 ${bus.outbox.droppedOverflow + bus.outbox.droppedOnClose}`);
console.log(`published, stored       ${n}, ${bus.outbox.sent}`);
