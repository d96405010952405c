/**
 * The stream benchmark: the stream service against a bare `ws` broadcast server doing the same
 * fan-out, both in their own process, the load from a third process on loopback.
 *
 *   node --import tsx bench/stream/run.ts [--runs 3] [--seconds 8] [--clients 1000] [--idle 10000] [--write]
 *
 * Scenarios: fan-out (`clients` connections x 10 symbols' quotes at 10,000 ticks/s over 50
 * symbols, batched every 50 ms per symbol as the feed does): delivered frames/s and tick-to-client
 * latency; idle (`idle` connections in one room each, no ticks): the server's peak RSS.
 * Prints the medians of `runs`; with --write puts them in docs/BENCHMARKS.md under "## Stream".
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const runs = opt('runs', 3);
const seconds = opt('seconds', 8);
const fanoutClients = opt('clients', 1000);
const idleClients = opt('idle', 10_000);
const dbIndex = args.indexOf('--database');
const database = dbIndex >= 0 ? args[dbIndex + 1]! : 'pglite';
const RATE = 10_000;
const SYMBOLS = 50;
const LINGER_MS = 50;
const repo = fileURLToPath(new URL('../../', import.meta.url));

function node(script: string, argv: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', script, ...argv], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
}

function line(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}: ${out}`)), timeoutMs);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = pattern.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
  });
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

interface Result {
  connected: number;
  deliveredPerSecond: number;
  p50: number | null;
  p99: number | null;
  rssMb: number;
  baseMb: number;
}

async function once(kind: 'bourse' | 'ws', clients: number, perClient: number, rate: number): Promise<Result> {
  const server = node('bench/stream/server.ts', [kind, String(rate), String(SYMBOLS), String(LINGER_MS), database]);
  try {
    const [, port] = await line(server, /READY (\d+)/, 120_000);
    await new Promise((r) => setTimeout(r, 500));
    const base = rssMb(server.pid!);
    let peak = base;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMb(server.pid!));
    }, 250);
    const load = node('bench/stream/load.ts', [
      `ws://127.0.0.1:${port}/ws`,
      String(clients),
      String(perClient),
      String(SYMBOLS),
      String(seconds),
      '3',
    ]);
    const [json] = await line(load, /\{.*\}\n/, 300_000);
    clearInterval(sampler);
    const r = JSON.parse(json) as Result;
    return { ...r, rssMb: Math.round(peak), baseMb: Math.round(base) };
  } finally {
    server.kill('SIGKILL');
  }
}

const median = (xs: (number | null)[]) => {
  const v = xs.filter((x): x is number => x !== null).sort((a, b) => a - b);
  return v.length ? v[Math.floor(v.length / 2)]! : null;
};

const results: Record<string, Result[]> = { 'fanout:bourse': [], 'fanout:ws': [], 'idle:bourse': [], 'idle:ws': [] };
for (let r = 0; r < runs; r++) {
  for (const kind of ['bourse', 'ws'] as const) {
    const fan = await once(kind, fanoutClients, 10, RATE);
    results[`fanout:${kind}`]!.push(fan);
    console.log(`run ${r + 1} ${kind} fan-out`, JSON.stringify(fan));
    const idle = await once(kind, idleClients, 1, 0);
    results[`idle:${kind}`]!.push(idle);
    console.log(`run ${r + 1} ${kind} idle`, JSON.stringify(idle));
  }
}

const med = (key: string, field: keyof Result) => median(results[key]!.map((x) => x[field] as number | null));
const offered = fanoutClients * 10 * (1000 / LINGER_MS);
const rows = (['bourse', 'ws'] as const).map((kind) => {
  const name = kind === 'bourse' ? 'Bourse stream service' : 'bare `ws` broadcast';
  return `| ${name} | ${med(`fanout:${kind}`, 'connected')} | ${med(`fanout:${kind}`, 'deliveredPerSecond')?.toLocaleString('en-US')} | ${med(`fanout:${kind}`, 'p50')} | ${med(`fanout:${kind}`, 'p99')} | ${med(`fanout:${kind}`, 'rssMb')} | ${med(`idle:${kind}`, 'connected')} | ${med(`idle:${kind}`, 'baseMb')} | ${med(`idle:${kind}`, 'rssMb')} |`;
});
const ratio = (med('fanout:bourse', 'deliveredPerSecond') ?? 0) / Math.max(1, med('fanout:ws', 'deliveredPerSecond') ?? 1);
const section = [
  '## Stream',
  '',
  `Machine: ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; ${new Date().toISOString().slice(0, 10)}.`,
  `Command: \`node --import tsx bench/stream/run.ts --runs ${runs} --seconds ${seconds} --clients ${fanoutClients} --idle ${idleClients} --database ${database === 'pglite' ? 'pglite' : '<postgres-url>'} --write\` (median of ${runs} runs; store: ${database === 'pglite' ? 'PGlite in-process' : 'PostgreSQL'}).`,
  '',
  `Server and load generator are separate processes on loopback; both servers generate the same ticks in-process: ${RATE.toLocaleString('en-US')} ticks/s`,
  `over ${SYMBOLS} symbols, one batch per symbol every ${LINGER_MS} ms (as the feed batches), one quote frame per batch. Fan-out: ${fanoutClients.toLocaleString('en-US')} clients`,
  `(@bourse/client) each in 10 symbols' quote rooms, so ${offered.toLocaleString('en-US')} frames/s are offered; latency is receive time minus the tick's`,
  `timestamp (ms, same clock), sampled over ${seconds} s after a 3 s warm-up. Idle: ${idleClients.toLocaleString('en-US')} connections in one quiet room each; peak server RSS.`,
  '',
  '| server | fan-out clients | delivered frames/s | p50 ms | p99 ms | RSS MB (fan-out) | idle connections | RSS MB before | RSS MB idle (peak) |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows,
  '',
  `Delivered rate of the stream service: ${(ratio * 100).toFixed(0)}% of the bare \`ws\` server's.`,
  '',
].join('\n');
console.log(`\n${section}`);

if (args.includes('--write')) {
  const path = `${repo}docs/BENCHMARKS.md`;
  const doc = readFileSync(path, 'utf8');
  const start = doc.indexOf('\n## Stream\n');
  let next: string;
  if (start < 0) next = `${doc.trimEnd()}\n\n${section}`;
  else {
    const end = doc.indexOf('\n## ', start + 1);
    next = `${doc.slice(0, start + 1)}${section}${end < 0 ? '' : doc.slice(end)}`;
  }
  writeFileSync(path, next.endsWith('\n') ? next : `${next}\n`);
  console.log(`written to ${path}`);
}
