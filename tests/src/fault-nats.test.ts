import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { type Bar, barPayload, decodeEnvelope, subjects, ticksOrNone } from '@bourse/core';
import { testServerUrl } from '@bourse/core/testing';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import { type PrivateNats, skipUnlessNatsServer, startPrivateNats } from './testing/nats.ts';
import { bourse, type Proc, startService, stopProc } from './testing/processes.ts';
import { eventually, scratchDatabase } from './testing/servers.ts';

/**
 * NATS away, in the distributed shape as separate processes (feed at 3,000 ticks/s, two ingest,
 * bars) on a private nats-server: SIGKILLed and restarted on the same store after 5 s, every
 * acknowledged tick is stored, each symbol's sequence is gapless, the consumers resume without a
 * restart and the feed still stops on SIGTERM; then an ingest process and bars, the latter 0.2 s
 * after a minute ended, are SIGKILLed under load: nothing lost or duplicated, the stored bars equal
 * a recomputation from the stored ticks, and that minute's final bars are published once.
 */
const pgUrl = testServerUrl('postgres');
const skip = pgUrl ? skipUnlessNatsServer() : 'needs BOURSE_TEST_DATABASE_URL';
const RATE = 3000;
const MIN = 60_000;

function metric(text: string, name: string): number {
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`))
    .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
}

const scrape = async (p: Proc, name: string) => metric(await (await fetch(`${p.url}/metrics`)).text(), name);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every message a stream holds under `filter`, decoded, in stream order. */
async function readStream(nc: NatsConnection, stream: string, filter: string): Promise<{ subject: string; data: Uint8Array }[]> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(stream, { subjects_filter: filter });
  const total = Object.values(info.state.subjects ?? {}).reduce((a, b) => a + b, 0);
  const out: { subject: string; data: Uint8Array }[] = [];
  if (total === 0) return out;
  const consumer = await jetstream(nc).consumers.get(stream, { filter_subjects: filter });
  const messages = await consumer.consume();
  for await (const m of messages) {
    out.push({ subject: m.subject, data: m.data });
    if (m.info.pending === 0) break;
  }
  await messages.close();
  return out;
}

describe('NATS away: publishers hold and resend, consumers resume, bars catch up', { skip, timeout: 300_000 }, () => {
  const procs: Proc[] = [];
  let nats: PrivateNats | undefined;
  let dropDb: (() => Promise<void>) | undefined;
  let env: Record<string, string>;

  before(async () => {
    nats = await startPrivateNats();
    const db = await scratchDatabase(pgUrl!);
    dropDb = db.drop;
    env = {
      BOURSE_BUS: nats.url,
      BOURSE_DATABASE_URL: db.url,
      BOURSE_INGEST_MAX_WAIT_MS: '50',
      BOURSE_CHAINS_ENABLED: 'false',
      BOURSE_LOG_BUS: 'false',
      BOURSE_RATE_LIMIT_ENABLED: 'false',
      // a short close deadline: the feed must stop on SIGTERM even with something held
      BOURSE_PUBLISH_CLOSE_TIMEOUT_MS: '5000',
    };
    const migrate = bourse(['migrate', 'up'], env);
    const [code] = (await once(migrate, 'exit')) as [number];
    assert.equal(code, 0, 'bourse migrate up');
  });

  after(async () => {
    for (const p of procs.reverse()) await stopProc(p).catch(() => undefined);
    await nats?.dispose();
    await dropDb?.();
  });

  it('loses no acknowledged tick, leaves no gap, resumes every consumer, and publishes the missed final bars once', async (t) => {
    const started = await Promise.all([
      startService('ingest-1', 'ingest', env),
      startService('ingest-2', 'ingest', env),
      startService('bars', 'bars', env),
    ]);
    procs.push(...started);
    const [ingest1, ingest2, bars] = started as [Proc, Proc, Proc];
    const feed = await startService('feed', 'feed', { ...env, BOURSE_FEED_RATE: String(RATE), BOURSE_FEED_LINGER_MS: '20' });
    procs.push(feed);
    const client = new pg.Client({ connectionString: env.BOURSE_DATABASE_URL });
    await client.connect();
    t.after(() => client.end());
    const rows = async () => Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM ticks')).rows[0]!.n);
    await eventually('ticks stored before the outage', async () => (await rows()) >= RATE, 60_000);

    // ---- NATS SIGKILLed, restarted on the same store after 5 s
    await nats!.kill();
    await sleep(4000);
    const heldWhileAway = await scrape(feed, 'bourse_bus_publish_held');
    await sleep(1000);
    await nats!.start();
    const backAt = Date.now();
    const rowsAtBack = await rows();
    assert.ok(heldWhileAway > 0, `the feed held its batches while NATS was away (${heldWhileAway})`);
    // The feed resent what it held: its outbox is empty again.
    await eventually("the feed's outbox to empty", async () => (await scrape(feed, 'bourse_bus_publish_holding')) === 0, 60_000).catch(
      (err) => {
        throw new Error(`${(err as Error).message}\n${feed.output.join('').slice(-4000)}`);
      },
    );
    const recoverSeconds = (Date.now() - backAt) / 1000;
    // When the feed's connection came back (its log line's time), for the figures.
    const backLine = feed.output
      .join('')
      .split('\n')
      .find((l) => l.includes('NATS is back'));
    const reconnectSeconds = backLine ? (Date.parse((JSON.parse(backLine) as { time: string }).time) - backAt) / 1000 : Number.NaN;
    // Consumers resumed from their durable position, without a restart.
    await eventually('ingest storing again', async () => (await rows()) >= rowsAtBack + RATE, 60_000);
    for (const p of procs) assert.equal(p.child.exitCode, null, `${p.name} is still running\n${p.output.join('')}`);
    assert.equal(await scrape(feed, 'bourse_bus_publish_dropped_total'), 0, 'the feed dropped nothing');
    assert.equal(await scrape(feed, 'bourse_feed_publish_failures_total'), 0, 'no tick batch failed');

    // ---- an ingest process and bars SIGKILLed under load, bars 0.2 s after a minute ended
    const minuteEnd = Math.ceil(Date.now() / MIN) * MIN;
    await sleep(minuteEnd + 200 - Date.now());
    bars.child.kill('SIGKILL');
    ingest1.child.kill('SIGKILL');
    const missedMinute = minuteEnd - MIN;
    const bars2 = await startService('bars-2', 'bars', env);
    procs.push(bars2);

    // ---- the feed still stops on SIGTERM, by itself
    await sleep(2000);
    const published = await scrape(feed, 'bourse_feed_ticks_published_total');
    assert.equal(await stopProc(feed), 0, `feed exit code\n${feed.output.join('')}`);

    const nc = await connect({ servers: nats!.url });
    t.after(() => nc.close());
    const jsm = await jetstreamManager(nc);
    // The feed's last tick of each symbol as NATS acknowledged it.
    const lastAcked = new Map<string, number>();
    const tickSubjects = Object.keys((await jsm.streams.info('MD_TICKS', { subjects_filter: 'md.tick.>' })).state.subjects ?? {});
    for (const subject of tickSubjects) {
      const last = ticksOrNone(decodeEnvelope((await jsm.streams.getMessage('MD_TICKS', { last_by_subj: subject }))!.data)).at(-1)!;
      lastAcked.set(last.symbol, last.seq);
    }
    const acked = [...lastAcked.values()].reduce((a, b) => a + b, 0);
    const stored = await eventually(
      'the surviving ingest to store every acknowledged tick',
      async () => {
        const n = await rows();
        return n >= acked ? n : undefined;
      },
      60_000,
    );
    const perSymbol = (
      await client.query<{ symbol: string; n: string; distinct_n: string; lo: string; hi: string }>(
        'SELECT symbol, count(*) AS n, count(DISTINCT seq) AS distinct_n, min(seq) AS lo, max(seq) AS hi FROM ticks GROUP BY symbol',
      )
    ).rows;
    const duplicated = perSymbol.reduce((a, r) => a + Number(r.n) - Number(r.distinct_n), 0);
    const lost = [...lastAcked].reduce((a, [symbol, hi]) => {
      const r = perSymbol.find((x) => x.symbol === symbol);
      return a + hi - (r ? Number(r.distinct_n) : 0);
    }, 0);
    t.diagnostic(
      `held ${heldWhileAway} batches 4 s into the outage; published ${published} (acknowledged ${acked}), stored ${stored}, lost ${lost}, duplicated ${duplicated}, the feed reconnected ${reconnectSeconds.toFixed(1)} s after the restart and had resent its backlog ${recoverSeconds.toFixed(1)} s after it`,
    );
    assert.equal(lost, 0, 'no acknowledged tick lost');
    assert.equal(duplicated, 0, 'no tick stored twice');
    assert.equal(stored, acked);
    for (const r of perSymbol) {
      assert.equal(Number(r.lo), 1, `${r.symbol} starts at seq 1`);
      assert.equal(Number(r.hi), lastAcked.get(r.symbol), `${r.symbol} ends at its last acknowledged seq`);
      assert.equal(Number(r.n), Number(r.hi), `${r.symbol} has no gap`);
    }
    assert.ok(published <= acked, 'what the feed counted as published was acknowledged');

    // ---- the stored 1m bars equal a recomputation from the stored ticks
    const { rows: mismatched } = await client.query(`
      WITH t AS (
        SELECT symbol, date_trunc('minute', ts) AS start, count(*) AS n, sum(size) AS v, max(price) AS h, min(price) AS l,
               (array_agg(price ORDER BY ts, seq))[1] AS o, (array_agg(price ORDER BY ts DESC, seq DESC))[1] AS c
        FROM ticks GROUP BY 1, 2),
      b AS (SELECT * FROM bars WHERE interval = '1m')
      SELECT coalesce(t.symbol, b.symbol) AS symbol FROM t FULL JOIN b ON b.symbol = t.symbol AND b.start = t.start
      WHERE b.symbol IS NULL OR t.symbol IS NULL OR b.trades <> t.n OR abs(b.volume - t.v) > 1e-6 * greatest(1, t.v)
         OR b.high <> t.h OR b.low <> t.l OR b.open <> t.o OR b.close <> t.c`);
    assert.deepEqual(mismatched, [], 'stored bars equal the recomputation');

    // ---- the minute that ended while bars was down: its finals published once, as stored, every final once
    const owed = (
      await client.query<{ symbol: string }>(`SELECT symbol FROM bars WHERE interval = '1m' AND start = $1`, [new Date(missedMinute)])
    ).rows.map((r) => r.symbol);
    assert.ok(owed.length > 0);
    const finals = await eventually(
      'bars-2 to publish the missed finals',
      async () => {
        const all = (await readStream(nc, 'MD_BARS', 'md.bar.1m.>')).map((m) => ({
          subject: m.subject,
          bar: barPayload.read(decodeEnvelope(m.data)),
        }));
        const missed = all.filter((m) => m.bar.final && m.bar.start === missedMinute);
        return new Set(missed.map((m) => m.bar.symbol)).size === owed.length ? all.filter((m) => m.bar.final) : undefined;
      },
      60_000,
    );
    const seen = new Map<string, Bar>();
    for (const { subject, bar } of finals) {
      const key = `${subject}@${bar.start}`;
      assert.ok(!seen.has(key), `one final for ${key}`);
      seen.set(key, bar);
    }
    for (const symbol of owed) {
      const bar = seen.get(`${subjects.bar('1m', symbol)}@${missedMinute}`)!;
      const { rows: stored } = await client.query<{ trades: number; volume: number }>(
        `SELECT trades, volume FROM bars WHERE interval = '1m' AND symbol = $1 AND start = $2`,
        [symbol, new Date(missedMinute)],
      );
      assert.deepEqual([bar.trades, bar.volume], [Number(stored[0]!.trades), Number(stored[0]!.volume)], `final of ${symbol} as stored`);
    }
    // In order on each subject: the finals' starts only go up.
    const bySubject = new Map<string, number>();
    for (const { subject, bar } of finals) {
      assert.ok(bar.start > (bySubject.get(subject) ?? -1), `${subject}: finals in order`);
      bySubject.set(subject, bar.start);
    }
    for (const p of [ingest2, bars2]) assert.equal(await stopProc(p), 0, `${p.name} exit code\n${p.output.join('')}`);
  });
});
