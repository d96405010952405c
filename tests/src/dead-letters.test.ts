import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { encodeEnvelope, envelope, subjects, type Tick, tickBatch } from '@bourse/core';
import { freePort, testServerUrl } from '@bourse/core/testing';
import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import { bourse, type Proc, startService, stopProc } from './testing/processes.ts';
import { eventually, scratchDatabase } from './testing/servers.ts';

/**
 * Malformed messages of every kind on the live tick subjects, in the distributed shape: ingest and
 * logs as separate processes on a private nats-server (8 MB max_payload, so that a 5 MB message
 * reaches the consumer) and a scratch PostgreSQL database. Every one is dead-lettered with a
 * reason, counted on ingest's /metrics, stored once in dead_letters (a body too large for its dead
 * letter kept whole), the good messages after them are stored, and `bourse dlq replay` of one whose
 * cause was fixed stores its ticks exactly once.
 */
const pgUrl = testServerUrl('postgres');
const natsBinary = process.env.BOURSE_TEST_NATS_SERVER ?? 'nats-server';
const hasNats = spawnSync(natsBinary, ['--version']).status === 0;
const skip = !pgUrl ? 'needs BOURSE_TEST_DATABASE_URL' : !hasNats ? 'needs nats-server on PATH (or BOURSE_TEST_NATS_SERVER)' : false;

function listening(port: number): Promise<boolean> {
  const socket = new Socket();
  return new Promise<boolean>((resolve) => {
    socket.setTimeout(500, () => resolve(false));
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1', () => resolve(true));
  }).finally(() => socket.destroy());
}

/** A private nats-server with JetStream and an 8 MB max_payload, its store in a temp folder. */
async function privateNats(): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'bourse-dlq-nats-'));
  const port = await freePort();
  const conf = join(dir, 'nats.conf');
  writeFileSync(conf, `listen: 127.0.0.1:${port}\nmax_payload: 8MB\njetstream { store_dir: "${join(dir, 'js')}" }\n`);
  const output: string[] = [];
  const child: ChildProcess = spawn(natsBinary, ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (c: Buffer) => output.push(c.toString()));
  child.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const until = Date.now() + 15_000;
  while (!(await listening(port))) {
    if (Date.now() > until || child.exitCode !== null) {
      await stop();
      throw new Error(`nats-server did not start:\n${output.join('')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url: `nats://127.0.0.1:${port}`, stop };
}

/** The sum of a counter's series whose labels include all of `labels`. */
function metricSum(text: string, name: string, labels: Record<string, string>): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    sum += Number(line.split(' ').at(-1));
  }
  return sum;
}

describe('dead letters in the distributed shape', { skip, timeout: 600_000 }, () => {
  const procs: Proc[] = [];
  let env: Record<string, string>;
  let nats: Awaited<ReturnType<typeof privateNats>> | undefined;
  let dropDb: (() => Promise<void>) | undefined;
  let db: pg.Client;
  let nc: NatsConnection;

  before(async () => {
    nats = await privateNats();
    const scratch = await scratchDatabase(pgUrl!);
    dropDb = scratch.drop;
    env = { BOURSE_BUS: nats.url, BOURSE_DATABASE_URL: scratch.url, BOURSE_INGEST_MAX_WAIT_MS: '50', BOURSE_LOG_BUS: 'false' };
    const migrate = bourse(['migrate', 'up'], env);
    const [code] = (await once(migrate, 'exit')) as [number];
    assert.equal(code, 0, 'bourse migrate up');
    db = new pg.Client({ connectionString: scratch.url });
    await db.connect();
    procs.push(...(await Promise.all([startService('ingest', 'ingest', env), startService('logs', 'logs', env)])));
    nc = await connect({ servers: nats.url });
  });

  after(async () => {
    await nc?.close().catch(() => undefined);
    for (const p of procs.reverse()) await stopProc(p).catch(() => undefined);
    await db?.end().catch(() => undefined);
    await dropDb?.();
    await nats?.stop();
  });

  const count = async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params)).rows[0].n);

  it('dead-letters every kind of malformed message once with a reason, counts and stores each once, stores the good ones after them, and replays a fixed one exactly once', async () => {
    const js = jetstream(nc);
    const now = Date.now();
    const tick = (symbol: string, seq: number, price: unknown = 100 + seq): Record<string, unknown> => ({
      symbol,
      ts: now + seq,
      seq,
      price,
      size: 1,
      bid: 99,
      ask: 101,
    });
    const batch = (id: string, symbol: string, data: unknown) =>
      encodeEnvelope(envelope({ id, type: 'tick.batch', source: 'it', key: symbol, data }));
    const fiveMb = new Uint8Array(5 * 1024 * 1024).fill('"'.charCodeAt(0));
    // [subject, bytes, the reason the dead letter must give]
    const bad: [string, Uint8Array, RegExp][] = [
      ['md.tick.AAPL', new TextEncoder().encode('{"id": "half'), /bad JSON/],
      ['md.tick.AAPL', new TextEncoder().encode('{"id":"x","type":"tick.batch"}'), /not an envelope/],
      ['md.tick.AAPL', new TextEncoder().encode('[1,2,3]'), /not an envelope/],
      ['md.tick.AAPL', batch('it-nan', 'AAPL', [tick('AAPL', 1, 'NaN')]), /invalid tick batch/],
      ['md.tick.AAPL', batch('it-null', 'AAPL', [tick('AAPL', 2, null)]), /invalid tick batch/],
      ['md.tick.AAPL', batch('it-negative', 'AAPL', [tick('AAPL', 3, -5)]), /invalid tick batch/],
      ['md.tick.AAPL', batch('it-string', 'AAPL', [tick('AAPL', 4, '101.5')]), /invalid tick batch/],
      ['md.tick.ZZZZ', batch('it-unknown', 'ZZZZ', [tick('ZZZZ', 1), tick('ZZZZ', 2), tick('ZZZZ', 3)]), /unknown symbol ZZZZ/],
      ['md.tick.AAPL', new Uint8Array(0), /bad JSON/],
      ['md.tick.AAPL', fiveMb, /bad JSON/],
    ];
    for (const [subject, bytes] of bad) await js.publish(subject, bytes);
    // Good batches after them: stored, whatever came before.
    const good: Tick[] = Array.from({ length: 20 }, (_, i) => ({
      symbol: 'MSFT',
      ts: now + i,
      seq: 9_000_000 + i,
      price: 300,
      size: 1,
      bid: 299,
      ask: 301,
    }));
    for (let i = 0; i < good.length; i += 5) {
      const env5 = tickBatch(good.slice(i, i + 5), { source: 'it' });
      await js.publish(subjects.tick('MSFT'), encodeEnvelope(env5), { msgID: env5.id });
    }

    const n = bad.length;
    const rows = await eventually(
      `${n} dead letters stored`,
      async () => {
        const r = await db.query(
          "select id, subject, kind, reason, size, sha256, truncated, body is not null as has_body from dead_letters where consumer = 'ingest' order by dead_at, id",
        );
        return r.rows.length >= n ? r.rows : undefined;
      },
      120_000,
    );
    assert.equal(rows.length, n, 'each dead letter stored once');
    for (const [subject, bytes, reason] of bad) {
      const sha = createHash('sha256').update(bytes).digest('hex');
      const row = rows.find((r) => r.subject === subject && r.sha256 === sha && reason.test(r.reason));
      assert.ok(
        row,
        `a dead letter of ${bytes.byteLength} bytes on ${subject} with reason ${reason}: ${JSON.stringify(rows.map((r) => r.reason))}`,
      );
      assert.equal(Number(row.size), bytes.byteLength);
      assert.equal(row.has_body, true);
    }
    // The 5 MB message: truncated in its dead letter, kept whole in the store.
    const big = rows.find((r) => Number(r.size) === fiveMb.byteLength)!;
    assert.equal(big.truncated, true);
    const body = (await db.query('select body from dead_letters where id = $1', [big.id])).rows[0].body as Buffer;
    assert.equal(createHash('sha256').update(body).digest('hex'), big.sha256);

    await eventually('the good ticks after them', async () =>
      (await count("select count(*) as n from ticks where symbol = 'MSFT' and seq >= 9000000")) === good.length ? true : undefined,
    );

    const ingest = procs.find((p) => p.name === 'ingest')!;
    const metrics = await (await fetch(`${ingest.url}/metrics`)).text();
    assert.equal(metricSum(metrics, 'bourse_bus_dead_letters_total', { subject: 'md.tick.>', consumer: 'ingest' }), n, 'each counted once');
    assert.equal(metricSum(metrics, 'bourse_bus_dead_letters_total', { consumer: 'ingest', reason: 'malformed' }), 5);
    assert.equal(metricSum(metrics, 'bourse_bus_dead_letters_total', { consumer: 'ingest', reason: 'poison' }), 5);

    const list = bourse(['dlq', 'list', '--subject', 'md.tick.ZZZZ'], env);
    let listed = '';
    list.stdout!.on('data', (c: Buffer) => {
      listed += c.toString();
    });
    assert.equal(((await once(list, 'exit')) as [number])[0], 0);
    assert.match(listed, /md\.tick\.ZZZZ\s+ingest\s+poison .* pending\s+dlq:ingest:it-unknown/);
    assert.match(listed, /unknown symbol ZZZZ/);

    // Fix the cause (register ZZZZ), then replay: its three ticks are stored, once.
    await db.query(
      "insert into instruments (symbol, name, exchange, asset_class, currency, tick_size, lot_size) values ('ZZZZ', 'Fixed Inc', 'NASDAQ', 'equity', 'USD', 0.01, 1)",
    );
    // ingest looks the registry up again for an unknown symbol at most once a second
    await new Promise((r) => setTimeout(r, 1500));
    const replay = async (args: string[]) => {
      const child = bourse(['dlq', 'replay', ...args], env);
      let out = '';
      child.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
      });
      child.stderr!.on('data', (c: Buffer) => {
        out += c.toString();
      });
      const [code] = (await once(child, 'exit')) as [number];
      assert.equal(code, 0, out);
      return out;
    };
    assert.match(await replay(['--subject', 'md.tick.ZZZZ']), /^1 replayed, 0 skipped$/m);
    await eventually('the replayed ticks', async () =>
      (await count("select count(*) as n from ticks where symbol = 'ZZZZ'")) === 3 ? true : undefined,
    );
    // Replayed again by id (a fresh message id, past JetStream's duplicate window): still stored once.
    assert.match(await replay(['--id', 'dlq:ingest:it-unknown']), /^1 replayed, 0 skipped$/m);
    const replayedIds = await eventually('the second replay to be handled', async () => {
      const m = await (await fetch(`${ingest.url}/metrics`)).text();
      // acked: the 4 good batches and the 2 replays
      return /bourse_ingest_messages\{outcome="acked"[^}]*\} 6\b/.test(m) ? m : undefined;
    });
    assert.ok(replayedIds);
    assert.equal(await count("select count(*) as n from ticks where symbol = 'ZZZZ'"), 3);
    assert.equal(await count("select replays as n from dead_letters where id = 'dlq:ingest:it-unknown'"), 2);
    // Neither replay was dead-lettered, and nothing dead-lettered came back: still n letters.
    assert.equal(await count("select count(*) as n from dead_letters where consumer = 'ingest'"), n);
    // Replaying what is still wrong: the malformed ones have nothing to resend (skipped with the reason);
    // the four envelopes with bad prices are resent and dead-lettered again, each as a letter of its own.
    const again = await replay(['--subject', 'md.tick.AAPL']);
    assert.match(again, /^4 replayed, 5 skipped$/m);
    assert.match(again, /^skipped\s+\S+: bad JSON.*: nothing to resend$/m);
    await eventually('the replays dead-lettered again', async () =>
      (await count("select count(*) as n from dead_letters where consumer = 'ingest' and id like '%~replay1'")) === 4 ? true : undefined,
    );
  });
});
