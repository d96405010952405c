import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import type { DeadLetter } from '@bourse/bus';
import { envelope, INTERVALS, loadConfig, subjects, type Tick } from '@bourse/core';
import { testServerUrl } from '@bourse/core/testing';
import type { RunningProcess } from '@bourse/kit';
import { bars as barMath } from '@bourse/quant';
import { start } from '@bourse/cli';
import { eventually, resetDurables, scratchDatabase } from './testing/servers.ts';

/**
 * The whole pipeline in one process, in both shapes: feed -> bus -> ingest -> store -> bars
 * -> market-data -> HTTP. The same assertions run on the embedded adapters (in-process bus,
 * PGlite, memory cache) and on the servers (NATS JetStream, PostgreSQL, Redis).
 */
interface Shape {
  name: string;
  env: () => Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>;
  skip: string | false;
}

const pgUrl = testServerUrl('postgres');
const natsUrl = testServerUrl('nats');
const redisUrl = testServerUrl('redis');

const shapes: Shape[] = [
  {
    name: 'embedded (memory bus, PGlite, memory cache)',
    skip: false,
    env: async () => {
      const dir = await mkdtemp(join(tmpdir(), 'bourse-it-'));
      return { env: { BOURSE_DATA_DIR: dir }, cleanup: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'servers (NATS JetStream, PostgreSQL, Redis)',
    skip: pgUrl && natsUrl && redisUrl ? false : 'BOURSE_TEST_DATABASE_URL, BOURSE_TEST_NATS_URL and BOURSE_TEST_REDIS_URL are needed',
    env: async () => {
      const db = await scratchDatabase(pgUrl!);
      await resetDurables(natsUrl!);
      return {
        env: { BOURSE_DATABASE_URL: db.url, BOURSE_BUS: natsUrl!, BOURSE_CACHE_URL: redisUrl! },
        cleanup: async () => {
          await resetDurables(natsUrl!);
          await db.drop();
        },
      };
    },
  },
];

/** A pipeline of one shape for one test: data of its own, stopped and removed when the test ends. */
async function pipeline(t: TestContext, shape: Shape, feedRate: number) {
  const { env, cleanup } = await shape.env();
  let running: RunningProcess | undefined;
  t.after(async () => {
    await running?.stop();
    await cleanup();
  });
  const boot = async (rate: number) => {
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      PORT: '0',
      BOURSE_FEED_RATE: String(rate),
      BOURSE_FEED_LINGER_MS: '20',
      BOURSE_INGEST_MAX_WAIT_MS: '50',
      BOURSE_INSTANCE_ID: 'it',
      // The suite polls the entry point until the data has gone through: no rate limit here.
      BOURSE_RATE_LIMIT_ENABLED: 'false',
      ...env,
    });
    running = await start(config, []);
  };
  const current = (): RunningProcess => {
    assert.ok(running, 'the pipeline is running');
    return running;
  };
  await boot(feedRate);
  return {
    get running(): RunningProcess {
      return current();
    },
    /** Stop (the feed publishes its last batches, the consumers drain and flush) and start again on the same data. */
    async restart(rate: number): Promise<void> {
      const was = running;
      running = undefined;
      await was?.stop();
      await boot(rate);
    },
    async get(url: string) {
      const res = await current().app.inject({ method: 'GET', url });
      return { status: res.statusCode, body: res.json() as Record<string, unknown> & { error?: { code: string; message: string } } };
    },
  };
}

/** Until the store holds ticks of every one of `symbols`. */
async function ticksStored(running: RunningProcess, symbols: readonly string[]): Promise<void> {
  await eventually(`stored ticks of ${symbols.join(', ')}`, async () => {
    const last = await running.ctx.store.ticks.lastSeq();
    return symbols.every((s) => last.has(s));
  });
}

for (const shape of shapes) {
  describe(`pipeline, ${shape.name}`, { skip: shape.skip, timeout: 120_000 }, () => {
    it('starts, serves quotes and bars built from the feed', async (t) => {
      const { get } = await pipeline(t, shape, 3000);
      const quote = await eventually('a quote for AAPL', async () => {
        const r = await get('/api/v1/quotes/AAPL');
        return r.status === 200 ? r.body : undefined;
      });
      assert.equal(quote.symbol, 'AAPL');
      assert.ok((quote.bid as number) <= (quote.last as number) && (quote.last as number) <= (quote.ask as number));
      const ohlcv = await eventually('a 1m bar for NVDA', async () => {
        const r = await get('/api/v1/ohlcv/NVDA?interval=1m&limit=5');
        return r.status === 200 && (r.body.bars as unknown[]).length > 0 ? r.body : undefined;
      });
      const [bar] = ohlcv.bars as { t: number; o: number; h: number; l: number; c: number; v: number; n: number }[];
      assert.ok(bar!.l <= bar!.o && bar!.o <= bar!.h && bar!.l <= bar!.c && bar!.c <= bar!.h);
      assert.equal(bar!.t % 60_000, 0);
      const many = await get('/api/v1/quotes?symbols=AAPL,BTC-USD,EURUSD');
      assert.equal(many.status, 200);
    });

    it('answers bad requests with 4xx and an error body', async (t) => {
      const { get } = await pipeline(t, shape, 0);
      const cases: [string, number, string][] = [
        ['/api/v1/quotes/NOPE', 404, 'not_found'],
        ['/api/v1/ohlcv/AAPL?interval=2m', 400, 'validation_failed'],
        ['/api/v1/ohlcv/AAPL?limit=0', 400, 'validation_failed'],
        ['/api/v1/ohlcv/AAPL?limit=5001', 400, 'validation_failed'],
        ['/api/v1/ohlcv/AAPL?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', 400, 'bad_request'],
        ['/api/v1/ohlcv/AAPL?from=yesterday', 400, 'validation_failed'],
        ['/api/v1/ohlcv/NOPE', 404, 'not_found'],
        ['/api/v1/quotes?symbols=AAPL,NOPE', 404, 'not_found'],
        ['/api/v1/symbols/lower-case', 400, 'validation_failed'],
        ['/api/v1/nothing-here', 404, 'not_found'],
      ];
      for (const [url, status, code] of cases) {
        const r = await get(url);
        assert.equal(r.status, status, `${url} -> ${r.status} ${JSON.stringify(r.body)}`);
        assert.equal(r.body.error?.code, code, url);
        assert.equal(typeof r.body.error?.message, 'string');
      }
    });

    it('dead-letters malformed tick messages with a reason and keeps consuming', async (t) => {
      const { running } = await pipeline(t, shape, 3000);
      const { bus } = running.ctx;
      const letters = bus.subscribe(subjects.deadLettersAll);
      const bad: Tick = { symbol: 'ZZZZ', ts: Date.now(), seq: 1, price: 1, size: 1, bid: 1, ask: 1 };
      await bus.publish(
        subjects.tick('ZZZZ'),
        envelope({ id: `it-unknown-${Date.now()}`, type: 'tick.batch', source: 'it', key: 'ZZZZ', data: [bad] }),
      );
      await bus.publish(
        subjects.tick('AAPL'),
        envelope({ id: `it-bad-${Date.now()}`, type: 'tick.batch', source: 'it', key: 'AAPL', data: [{ symbol: 'AAPL', price: 'NaN' }] }),
      );
      // Other suites may share the NATS server: wait for these two dead letters in particular.
      const reasons: string[] = [];
      const wanted = (r: string) => r.includes('unknown symbol ZZZZ') || r.includes('invalid tick batch');
      for await (const msg of letters) {
        const letter = msg.envelope.data as DeadLetter;
        if (letter.consumer === 'ingest' && wanted(letter.reason)) reasons.push(letter.reason);
        if (reasons.length === 2) break;
      }
      assert.ok(
        reasons.some((r) => r.includes('unknown symbol ZZZZ')),
        reasons.join(' | '),
      );
      assert.ok(
        reasons.some((r) => r.includes('invalid tick batch')),
        reasons.join(' | '),
      );
      const metrics = (await running.app.inject({ method: 'GET', url: '/metrics' })).body;
      assert.match(metrics, /^bourse_ingest_messages\{outcome="dead_lettered"[^}]*\} [1-9]/m);
      assert.match(metrics, /^bourse_ingest_messages_dead_lettered_total\{reason="unknown"[^}]*\} [1-9]/m);
      const before = await eventually(
        'a stored AAPL quote',
        async () => (await running.ctx.store.quotes.latest(['AAPL'])).get('AAPL')?.seq,
      );
      await eventually('ingest to go on storing', async () =>
        (await running.ctx.store.quotes.latest(['AAPL'])).get('AAPL')!.seq > before ? true : undefined,
      );
    });

    it('keeps stored bars equal to a recomputation from the stored ticks', async (t) => {
      const p = await pipeline(t, shape, 3000);
      const symbols = ['AAPL', 'BTC-USD', 'SPX'];
      await ticksStored(p.running, symbols);
      // Reopen on the same data and compare without anything moving.
      await p.restart(0);
      const { store } = p.running.ctx;
      for (const symbol of symbols) {
        const ticks = await store.ticks.range(symbol, { limit: 100_000 });
        assert.ok(ticks.length > 0, `ticks for ${symbol}`);
        for (const interval of INTERVALS) {
          const expected = barMath.aggregateTicks(ticks, [interval]).map((a) => barMath.toBar(a, false));
          const stored = await store.bars.range(symbol, interval, { from: 0, limit: 5000 });
          assert.equal(stored.length, expected.length, `${symbol} ${interval} bar count`);
          for (let i = 0; i < expected.length; i++) {
            const e = expected[i]!;
            const s = stored[i]!;
            assert.equal(s.start, e.start);
            assert.equal(s.open, e.open);
            assert.equal(s.close, e.close);
            assert.equal(s.high, e.high);
            assert.equal(s.low, e.low);
            assert.equal(s.trades, e.trades);
            assert.ok(Math.abs(s.volume - e.volume) <= 1e-9 * Math.max(1, e.volume), `${symbol} ${interval} volume`);
          }
        }
      }
    });

    it("continues each instrument's sequence after a restart on the same data", async (t) => {
      const p = await pipeline(t, shape, 2000);
      const symbol = 'AAPL';
      await ticksStored(p.running, [symbol]);
      const before = await p.running.ctx.store.ticks.lastSeq();
      await p.restart(2000);
      const after = await eventually('new AAPL ticks after the restart', async () => {
        const last = (await p.running.ctx.store.ticks.lastSeq()).get(symbol);
        return last && last.seq > before.get(symbol)!.seq ? last : undefined;
      });
      const ticks = await p.running.ctx.store.ticks.range(symbol, { limit: 100_000 });
      const seqs = ticks.map((t) => t.seq);
      assert.equal(new Set(seqs).size, seqs.length, 'no sequence number reused');
      assert.ok(after.seq > before.get(symbol)!.seq);
    });
  });
}
