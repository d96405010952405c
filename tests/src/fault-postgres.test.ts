import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { decodeEnvelope, readTickBatch } from '@bourse/core';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { startPrivateNats, type PrivateNats } from './testing/nats.ts';
import { type PrivatePostgres, skipUnlessPostgresBinaries, startPrivatePostgres } from './testing/postgres.ts';
import { bourse, type Proc, startService, stopProc } from './testing/processes.ts';

/**
 * PostgreSQL crashes under load and comes back: the distributed shape (a feed and two ingest
 * processes on a private nats-server) against a private PostgreSQL that is stopped with
 * `pg_ctl stop -m immediate` (every connection reset, no checkpoint) for OUTAGE_MS and started
 * again. Ingest stays up throughout, says on /ready that the store is down, and at the end every
 * tick in the stream is stored exactly once: no gap in any symbol's sequence, no duplicate,
 * nothing dead-lettered. The figures are printed for docs/OPERATIONS.md ("PostgreSQL away").
 */
const OUTAGE_MS = 8_000;
const RATE = 1_000;

function metric(text: string, name: string, labels = ''): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `) || (labels === '' && l.startsWith(`${name}{`)));
  return line ? Number(line.split(' ').at(-1)) : 0;
}
const scrape = async (p: Proc) => (await fetch(`${p.url}/metrics`)).text();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('PostgreSQL stopped and restarted under load', { skip: skipUnlessPostgresBinaries(), timeout: 600_000 }, () => {
  let db: PrivatePostgres | undefined;
  let nats: PrivateNats | undefined;
  const procs: Proc[] = [];
  let env: Record<string, string>;

  before(async () => {
    [db, nats] = await Promise.all([startPrivatePostgres(), startPrivateNats()]);
    env = {
      BOURSE_BUS: nats.url,
      BOURSE_DATABASE_URL: db.url,
      BOURSE_INGEST_MAX_WAIT_MS: '50',
      BOURSE_CHAINS_ENABLED: 'false',
      BOURSE_RATE_LIMIT_ENABLED: 'false',
    };
    const migrate = bourse(['migrate', 'up'], env);
    const [code] = (await once(migrate, 'exit')) as [number];
    assert.equal(code, 0, 'bourse migrate up');
  });

  after(async () => {
    for (const p of procs.reverse()) await stopProc(p).catch(() => undefined);
    await nats?.dispose();
    db?.remove();
  });

  it('keeps ingest up, reports the store down on /ready, and stores every published tick exactly once after the restart', async () => {
    const ingests = await Promise.all([startService('ingest-1', 'ingest', env), startService('ingest-2', 'ingest', env)]);
    procs.push(...ingests);
    const feed = await startService('feed', 'feed', { ...env, BOURSE_FEED_RATE: String(RATE), BOURSE_FEED_LINGER_MS: '20' });
    procs.push(feed);
    const stored = async () =>
      (await Promise.all(ingests.map(async (p) => metric(await scrape(p), 'bourse_ingest_ticks_stored_total')))).reduce((a, b) => a + b, 0);
    while ((await stored()) < RATE) await sleep(200);

    // ---- the crash
    db!.stop('immediate');
    const down = Date.now();
    const readyWhileDown = await Promise.all(
      ingests.map(async (p) => {
        const r = await fetch(`${p.url}/ready`);
        return { status: r.status, body: (await r.json()) as { checks: Record<string, { ok: boolean }> } };
      }),
    );
    const storedAtCrash = await stored();
    await sleep(OUTAGE_MS - (Date.now() - down));
    for (const p of ingests) assert.equal(p.child.exitCode, null, `${p.name} alive during the outage\n${p.output.join('')}`);
    db!.start();
    const restarted = Date.now();
    const outageSeconds = (restarted - down) / 1000;
    let resumed: number | undefined;
    while (resumed === undefined && Date.now() - restarted < 60_000) {
      if ((await stored()) > storedAtCrash) resumed = Date.now();
      else await sleep(100);
    }
    // A few more seconds of load after the restart, then the feed stops: what it published is final.
    await sleep(3_000);
    assert.equal(await stopProc(feed), 0, `feed exit\n${feed.output.join('')}`);

    // ---- what the feed published: every tick of every message in the stream
    const published = new Map<string, Set<number>>();
    const nc = await connect({ servers: nats!.url });
    try {
      let left = (await (await jetstreamManager(nc)).streams.info('MD_TICKS')).state.messages;
      const consumer = await jetstream(nc).consumers.get('MD_TICKS');
      while (left > 0) {
        const batch = await consumer.fetch({ max_messages: Math.min(left, 1000), expires: 5000 });
        for await (const m of batch) {
          left--;
          for (const t of readTickBatch(decodeEnvelope(m.data))) {
            const seqs = published.get(t.symbol) ?? new Set<number>();
            published.set(t.symbol, seqs.add(t.seq));
          }
        }
      }
    } finally {
      await nc.close();
    }
    const publishedTicks = [...published.values()].reduce((n, s) => n + s.size, 0);

    // ---- what is stored, once ingest has caught up
    const client = new pg.Client({ connectionString: db!.url });
    await client.connect();
    let rows: { symbol: string; n: number; distinct: number; lo: number; hi: number }[] = [];
    let caughtUp: number | undefined;
    try {
      const until = Date.now() + 120_000;
      while (Date.now() < until) {
        const r = await client.query<{ symbol: string; n: string; distinct: string; lo: string; hi: string }>(
          'select symbol, count(*) as n, count(distinct seq) as distinct, min(seq) as lo, max(seq) as hi from ticks group by symbol',
        );
        rows = r.rows.map((x) => ({ symbol: x.symbol, n: Number(x.n), distinct: Number(x.distinct), lo: Number(x.lo), hi: Number(x.hi) }));
        if (rows.reduce((n, x) => n + x.n, 0) >= publishedTicks) {
          caughtUp = Date.now();
          break;
        }
        await sleep(250);
      }
    } finally {
      await client.end();
    }
    const storedTicks = rows.reduce((n, x) => n + x.n, 0);
    let lost = 0;
    let duplicated = 0;
    let gaps = 0;
    for (const [symbol, seqs] of published) {
      const row = rows.find((x) => x.symbol === symbol);
      lost += Math.max(0, seqs.size - (row?.distinct ?? 0));
      duplicated += row ? row.n - row.distinct : 0;
      const lo = Math.min(...seqs);
      const hi = Math.max(...seqs);
      if (hi - lo + 1 !== seqs.size || !row || row.lo !== lo || row.hi !== hi || row.distinct !== seqs.size) gaps++;
    }
    const deadLettered = (
      await Promise.all(ingests.map(async (p) => metric(await scrape(p), 'bourse_ingest_messages', '{outcome="dead_lettered"}')))
    ).reduce((a, b) => a + b, 0);
    const figures = {
      outageSeconds,
      published: publishedTicks,
      stored: storedTicks,
      lost,
      duplicated,
      symbolsWithGaps: gaps,
      deadLettered,
      secondsToResume: resumed === undefined ? null : (resumed - restarted) / 1000,
      secondsToCatchUp: caughtUp === undefined ? null : (caughtUp - restarted) / 1000,
    };
    console.log(`postgres-away figures ${JSON.stringify(figures)}`);

    for (const r of readyWhileDown) {
      assert.equal(r.status, 503, JSON.stringify(r.body));
      assert.equal(r.body.checks['store:postgres']?.ok, false, JSON.stringify(r.body));
    }
    assert.ok(resumed !== undefined, 'ingest stored ticks again after the restart');
    assert.equal(lost, 0, JSON.stringify(figures));
    assert.equal(duplicated, 0, JSON.stringify(figures));
    assert.equal(gaps, 0, JSON.stringify(figures));
    assert.equal(storedTicks, publishedTicks, JSON.stringify(figures));
    assert.equal(deadLettered, 0, JSON.stringify(figures));
    for (const p of ingests) {
      assert.equal(p.child.exitCode, null, `${p.name} alive after the outage\n${p.output.join('')}`);
      assert.equal(await stopProc(p), 0, `${p.name} exit code\n${p.output.join('')}`);
    }
    procs.length = 0;
  });
});
