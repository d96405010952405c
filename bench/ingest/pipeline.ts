/**
 * End-to-end ingest throughput: ticks published on the bus until they are
 * stored as ticks AND bars, in both shapes, against the raw insert ceiling of
 * the shape's store measured in the same run on the same rows.
 *
 *   node --import tsx bench/ingest/pipeline.ts [--shape embedded|distributed|both] [--ticks 300000] [--runs 3]
 *        [--warmup 1] [--batch-size <BOURSE_INGEST_BATCH_SIZE's default>] [--ingest-procs 1] [--inflight 256]
 *        [--postgres postgres://postgres@127.0.0.1:5432] [--nats nats://127.0.0.1:4222]
 *
 * The ticks come from the synthetic market (`SyntheticMarket({ seed: 1 })`),
 * generated beforehand and batched 100 per symbol into `tick.batch` envelopes
 * as the feed service does. Each run publishes them as fast as the bus takes
 * them and stops the clock when the bars account for every tick (the sum of
 * the 1d bars' trade counts: bars and ticks commit in one transaction).
 *
 * embedded: one process, `startProcess` with the ingest service on the
 * in-process bus and PGlite on disk in a temp dir, as `npm start` runs it.
 * Ceiling: the same rows into a keyed tick table of a second on-disk PGlite,
 * one INSERT ... SELECT FROM unnest per 2,000 rows.
 *
 * distributed: NATS JetStream and a scratch PostgreSQL database (created and
 * dropped here), ingest in --ingest-procs separate OS processes
 * (`bourse start ingest`), the bench publishing with --inflight publishes
 * awaiting their acks. Ceiling: one COPY of the same rows into a keyed tick
 * table in the same database, in text and in binary format; the faster of the
 * two counts (ingest sends binary). The `ingest` durable of MD_TICKS is deleted
 * before and after: do not run this while another suite uses it.
 *
 * Every figure is the median of --runs runs, after --warmup runs of the same
 * size that are not counted (sustained throughput: the ingest process's code
 * is compiled by then, as it is a minute after `bourse start`).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { type Bus, createBus } from '@bourse/bus';
import { type Envelope, loadConfig, subjects, type Tick, tickBatch } from '@bourse/core';
import { startProcess } from '@bourse/kit';
import { createStore, type Database, type Store, ticksCopyBinary, ticksCopyText } from '@bourse/store';
import { SyntheticMarket } from '@bourse/svc-feed';
import { ingestService } from '@bourse/svc-ingest';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { resetDurables, scratchDatabase } from '../../tests/src/testing/servers.ts';

const { values } = parseArgs({
  options: {
    shape: { type: 'string', default: 'both' },
    ticks: { type: 'string', default: '300000' },
    runs: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '1' },
    'batch-size': { type: 'string', default: String(loadConfig({}).ingest.batchSize) },
    'ingest-procs': { type: 'string', default: '1' },
    inflight: { type: 'string', default: '256' },
    postgres: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432' },
    nats: { type: 'string', default: 'nats://127.0.0.1:4222' },
    /** Write a V8 CPU profile of each ingest process into this folder. */
    'cpu-prof': { type: 'string' },
  },
});
const N = Number(values.ticks);
const RUNS = Number(values.runs);
const WARMUP = Number(values.warmup);
const BATCH_SIZE = Number(values['batch-size']);
const PROCS = Number(values['ingest-procs']);
const INFLIGHT = Number(values.inflight);
const ROOT = new URL('../../', import.meta.url).pathname;
/** The runs' first t0: a week ago, to the ms, so no two invocations share one. */
const EPOCH = Date.now() - 7 * 86_400_000;

interface Message {
  subject: string;
  env: Envelope;
}

/**
 * N synthetic ticks over one hour from t0, batched per symbol up to 100 like the
 * feed's TickBatcher. A different t0 per run keeps tick keys and message ids
 * (JetStream de-duplicates on them) apart.
 */
function makeRun(t0: number): { ticks: Tick[]; messages: Message[] } {
  const ticks = new SyntheticMarket({ seed: 1 }).nextTicks(N, t0, t0 + 3_600_000);
  const messages: Message[] = [];
  const open = new Map<string, Tick[]>();
  const emit = (symbol: string, batch: Tick[]) => {
    messages.push({ subject: subjects.tick(symbol), env: tickBatch(batch, { source: 'bench@pipeline' }) });
  };
  for (const t of ticks) {
    let batch = open.get(t.symbol);
    if (!batch) {
      batch = [];
      open.set(t.symbol, batch);
    }
    batch.push(t);
    if (batch.length === 100) {
      emit(t.symbol, batch);
      open.delete(t.symbol);
    }
  }
  for (const [symbol, batch] of open) emit(symbol, batch);
  return { ticks, messages };
}

async function publishAll(bus: Bus, messages: readonly Message[], inflight: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < messages.length) {
      const m = messages[next++]!;
      await bus.publish(m.subject, m.env);
    }
  };
  await Promise.all(Array.from({ length: inflight }, worker));
}

/** Ticks accounted for by bars (1d trade counts), i.e. stored ticks whose bars are stored too. */
async function barredTicks(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ n: number | string | null }>`select sum(trades) as n from bars where interval = '1d'`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** Publish the run's messages and wait until all N ticks are in bars; ticks/s from the first publish. */
async function timePipeline(
  bus: Bus,
  db: Kysely<Database>,
  messages: readonly Message[],
  inflight: number,
  pollMs: number,
): Promise<number> {
  const t = performance.now();
  await publishAll(bus, messages, inflight);
  const published = performance.now();
  const deadline = Date.now() + 300_000;
  for (;;) {
    const n = await barredTicks(db);
    if (n >= N) break;
    if (Date.now() > deadline) throw new Error(`only ${n} of ${N} ticks stored after 5 minutes`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
  const seconds = (performance.now() - t) / 1000;
  const pubSeconds = (published - t) / 1000;
  console.log(`    pipeline ${Math.round(N / seconds)} ticks/s (${seconds.toFixed(2)} s; publishing took ${pubSeconds.toFixed(2)} s)`);
  return N / seconds;
}

/**
 * CPU seconds (user + system) used so far, from /proc: this process (the
 * publisher, or the COPY client), the ingest processes (by pid), and every
 * `postgres` and `nats-server` process. Empty where there is no /proc.
 */
const ingestPids = new Set<number>();
function cpuNow(): Map<string, number> {
  const out = new Map<string, number>();
  if (!existsSync('/proc/self/stat')) return out;
  const tick = 100; // USER_HZ on Linux
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    const close = stat.lastIndexOf(')');
    const command = stat.slice(stat.indexOf('(') + 1, close);
    const name =
      Number(pid) === process.pid
        ? 'bench'
        : ingestPids.has(Number(pid))
          ? 'ingest'
          : command === 'postgres' || command === 'nats-server'
            ? command
            : undefined;
    if (!name) continue;
    const fields = stat.slice(close + 2).split(' ');
    out.set(name, (out.get(name) ?? 0) + (Number(fields[11]) + Number(fields[12])) / tick);
  }
  return out;
}

/** Runs `work` and prints the CPU seconds each process spent meanwhile (where the time of a phase goes). */
async function withCpu<T>(label: string, work: () => Promise<T>): Promise<T> {
  const before = cpuNow();
  const result = await work();
  const used = [...cpuNow()].map(([name, s]) => `${name} ${(s - (before.get(name) ?? 0)).toFixed(2)} s`);
  if (used.length > 0) console.log(`      cpu during ${label}: ${used.join(', ')}`);
  return result;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const unnestInsert = (batch: readonly Tick[]) => sql`
  insert into ticks (symbol, ts, seq, price, size, bid, ask)
  select u.symbol, timestamptz 'epoch' + u.ms * interval '1 millisecond', u.seq, u.price, u.size, u.bid, u.ask
  from unnest(${batch.map((t) => t.symbol)}::text[], ${batch.map((t) => t.ts)}::int8[], ${batch.map((t) => t.seq)}::int8[],
              ${batch.map((t) => t.price)}::float8[], ${batch.map((t) => t.size)}::float8[], ${batch.map((t) => t.bid)}::float8[],
              ${batch.map((t) => t.ask)}::float8[]) as u(symbol, ms, seq, price, size, bid, ask)`;

/** PGlite ceiling: the rows into the keyed ticks table of a fresh on-disk PGlite, 2,000 per statement. */
async function pgliteCeiling(store: Store, ticks: readonly Tick[]): Promise<number> {
  await sql`truncate ticks`.execute(store.db);
  const t = performance.now();
  for (let i = 0; i < ticks.length; i += 2000) await unnestInsert(ticks.slice(i, i + 2000)).execute(store.db);
  const rate = ticks.length / ((performance.now() - t) / 1000);
  console.log(`    ceiling  ${Math.round(rate)} rows/s (PGlite unnest, 2,000 rows a statement)`);
  return rate;
}

/**
 * PostgreSQL ceiling: one COPY of the rows into a keyed tick table (same columns
 * and primary key as ticks), in the given format, the stream built beforehand.
 */
async function copyCeiling(client: pg.Client, ticks: readonly Tick[], format: 'text' | 'binary'): Promise<number> {
  await client.query('truncate bench_ceiling_ticks');
  const chunks: (string | Buffer)[] = [];
  if (format === 'text') for (let i = 0; i < ticks.length; i += 5000) chunks.push(ticksCopyText(ticks.slice(i, i + 5000)));
  else chunks.push(ticksCopyBinary(ticks)); // one stream: a header, every row, a trailer
  const t = performance.now();
  await pipeline(
    Readable.from(chunks),
    client.query(copyFrom(`copy bench_ceiling_ticks (symbol, ts, seq, price, size, bid, ask) from stdin with (format ${format})`)),
  );
  const rate = ticks.length / ((performance.now() - t) / 1000);
  console.log(`    ceiling  ${Math.round(rate)} rows/s (PostgreSQL COPY, ${format} format)`);
  return rate;
}

function report(shape: string, rates: number[], ceilings: number[]) {
  const r = median(rates);
  const c = median(ceilings);
  const ratios = rates.map((x, i) => x / ceilings[i]!);
  console.log(
    `${shape}: pipeline ${Math.round(r)} ticks/s, ceiling ${Math.round(c)} rows/s, ratio of medians ${((r / c) * 100).toFixed(0)}% ` +
      `(per-run ratios ${ratios.map((x) => `${(x * 100).toFixed(0)}%`).join(' ')}; target 60%)`,
  );
}

async function embedded() {
  console.log(`embedded: memory bus + PGlite on disk, ${N} ticks, batch size ${BATCH_SIZE}, ${RUNS} runs`);
  const rates: number[] = [];
  const ceilings: number[] = [];
  for (let r = -WARMUP; r < RUNS; r++) {
    if (r < 0) console.log('  warm-up run (not counted):');
    const { ticks, messages } = makeRun(EPOCH + (r + WARMUP) * 86_400_000);
    const dir = mkdtempSync(join(tmpdir(), 'bourse-bench-'));
    try {
      const config = loadConfig({
        BOURSE_DATA_DIR: join(dir, 'data'),
        BOURSE_INGEST_BATCH_SIZE: String(BATCH_SIZE),
        BOURSE_FEED_ENABLED: 'false',
        LOG_LEVEL: 'warn',
      });
      const running = await startProcess({ config, modules: [ingestService], listen: false });
      try {
        const rate = await timePipeline(running.ctx.bus, running.ctx.store.db, messages, INFLIGHT, 20);
        if (r >= 0) rates.push(rate);
      } finally {
        await running.stop();
      }
      const ceilingStore = await createStore({ kind: 'pglite', dir: join(dir, 'ceiling') });
      try {
        const ceiling = await pgliteCeiling(ceilingStore, ticks);
        if (r >= 0) ceilings.push(ceiling);
      } finally {
        await ceilingStore.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  report('embedded', rates, ceilings);
}

function cli(args: string[], env: NodeJS.ProcessEnv) {
  const prof = values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', values['cpu-prof']] : [];
  return spawn(process.execPath, [...prof, '--import', 'tsx', 'apps/cli/src/main.ts', ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Start `bourse start ingest`; resolves once its start-up banner is out. */
function startIngest(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = cli(['start', 'ingest'], env);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`ingest did not start: ${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('Ctrl-C to stop')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`ingest exited with ${code}: ${out}`));
    });
  });
}

async function distributed() {
  console.log(
    `distributed: NATS + PostgreSQL, ${PROCS} ingest process(es), ${N} ticks, batch size ${BATCH_SIZE}, ${INFLIGHT} publishes in flight, ${RUNS} runs`,
  );
  const scratch = await scratchDatabase(values.postgres!);
  const env = {
    ...process.env,
    BOURSE_BUS: values.nats!,
    BOURSE_DATABASE_URL: scratch.url,
    BOURSE_INGEST_BATCH_SIZE: String(BATCH_SIZE),
    PORT: '0',
    LOG_LEVEL: 'warn',
  };
  const children: ChildProcess[] = [];
  let bus: Bus | undefined;
  let store: Store | undefined;
  const client = new pg.Client({ connectionString: scratch.url });
  try {
    const migrate = spawnSync(process.execPath, ['--import', 'tsx', 'apps/cli/src/main.ts', 'migrate', 'up'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
    });
    if (migrate.status !== 0) throw new Error(`migrate up failed: ${migrate.stderr}`);
    await resetDurables(values.nats!, ['ingest']);
    for (let i = 0; i < PROCS; i++) children.push(await startIngest(env));
    for (const c of children) if (c.pid !== undefined) ingestPids.add(c.pid);
    bus = await createBus(loadConfig({ BOURSE_BUS: values.nats! }).bus, { name: 'bench-pipeline' });
    store = await createStore({ kind: 'postgres', url: scratch.url }, { migrate: false });
    await client.connect();
    await client.query('create table bench_ceiling_ticks (like ticks including all)');
    const rates: number[] = [];
    const ceilings: number[] = [];
    for (let r = -WARMUP; r < RUNS; r++) {
      if (r < 0) console.log('  warm-up run (not counted):');
      // A fresh t0 per run and per invocation: new tick keys and new message ids (JetStream drops
      // ids it has seen in its 2-minute duplicate window, and the stream outlives this process).
      const { ticks, messages } = makeRun(EPOCH + (r + WARMUP) * 86_400_000);
      await client.query('truncate ticks, bars, latest_quotes');
      const rate = await withCpu('pipeline', () => timePipeline(bus!, store!.db, messages, INFLIGHT, 50));
      // The ceiling is the faster of the two COPY formats in this run (ingest itself sends binary).
      const text = await withCpu('text COPY', () => copyCeiling(client, ticks, 'text'));
      const binary = await withCpu('binary COPY', () => copyCeiling(client, ticks, 'binary'));
      if (r < 0) continue;
      rates.push(rate);
      ceilings.push(Math.max(text, binary));
    }
    report(`distributed (${PROCS} ingest process${PROCS > 1 ? 'es' : ''})`, rates, ceilings);
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    await bus?.close();
    await store?.close();
    await client.end().catch(() => {});
    await resetDurables(values.nats!, ['ingest']);
    await scratch.drop();
  }
}

console.log(`node ${process.version}`);
if (values.shape === 'embedded' || values.shape === 'both') await embedded();
if (values.shape === 'distributed' || values.shape === 'both') await distributed();
