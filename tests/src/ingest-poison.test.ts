import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DeadLetter } from '@bourse/bus';
import { type Envelope, envelope, loadConfig, subjects, type Tick, TICK_BATCH, tickBatch } from '@bourse/core';
import { testServerUrl } from '@bourse/core/testing';
import { ALL_SERVICES } from '@bourse/cli';
import { startProcess } from '@bourse/kit';
import { sql } from 'kysely';
import { eventually, scratchDatabase } from './testing/servers.ts';

/**
 * Poison neighbours: every kind of bad message mixed into one batch's worth of good ones, on the
 * in-process bus and a real store. Each bad message is dead-lettered with its reason, alone; every
 * tick of every good message is stored once. The kinds the schema lets through but the store refuses
 * are found by ingest bisecting the failed batch; to have the real PostgreSQL refuse a valid tick the
 * test adds a CHECK constraint, as an operator might.
 */
const pgUrl = testServerUrl('postgres');
const ingestService = ALL_SERVICES.find((m) => m.name === 'ingest')!;
const T0 = Date.UTC(2026, 0, 5, 15, 0, 0);
/** The price the test's constraint refuses. */
const REFUSED_PRICE = 666.25;

const good = (symbol: string, from: number, n: number): Tick[] =>
  Array.from({ length: n }, (_, i) => ({
    symbol,
    ts: T0 + (from + i) * 10,
    seq: from + i,
    price: 100 + i / 8,
    size: 1 + i,
    bid: 99.5,
    ask: 100.5,
  }));

/** A message the way a broken producer would put it on a subject: the columns of a valid batch with one value changed. */
function tampered(base: Envelope, id: string, change: (data: Record<string, unknown>) => void): Envelope {
  const data = structuredClone(base.data) as Record<string, unknown>;
  change(data);
  return { ...base, id, data };
}

const shapes = [
  { name: 'PostgreSQL', skip: pgUrl ? false : 'needs BOURSE_TEST_DATABASE_URL' },
  { name: 'PGlite', skip: false },
] as const;

for (const shape of shapes) {
  describe(`ingest with poison neighbours (${shape.name})`, { skip: shape.skip, timeout: 180_000 }, () => {
    it('dead-letters each bad message alone with its reason and stores every good tick once', async (t) => {
      const db = shape.name === 'PostgreSQL' ? await scratchDatabase(pgUrl!) : undefined;
      t.after(async () => db?.drop());
      const config = loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        BOURSE_INSTANCE_ID: 'poison',
        // one batch: everything published below arrives within the wait
        BOURSE_INGEST_MAX_WAIT_MS: '500',
        ...(db ? { BOURSE_DATABASE_URL: db.url } : {}),
      });
      const running = await startProcess({
        config: db ? config : { ...config, database: { kind: 'pglite', dir: 'memory://' } },
        modules: [ingestService],
        listen: false,
      });
      t.after(() => running.stop());
      const { bus, store, metrics } = running.ctx;
      await sql`alter table ticks add constraint poison_test_price check (price <> ${sql.lit(REFUSED_PRICE)})`.execute(store.db);
      const deadLetters: DeadLetter[] = [];
      const dlq = bus.subscribe(subjects.deadLettersAll);
      t.after(() => dlq.unsubscribe());
      void (async () => {
        for await (const msg of dlq) deadLetters.push(msg.envelope.data as DeadLetter);
      })();

      // Good messages: four symbols, 50 messages of 20 ticks.
      const symbols = ['AAPL', 'MSFT', 'BRK.B', 'BTC-USD'];
      const goods: { subject: string; env: Envelope }[] = [];
      for (let m = 0; m < 50; m++) {
        const symbol = symbols[m % symbols.length]!;
        const env = tickBatch(good(symbol, Math.floor(m / symbols.length) * 20 + 1, 20), { source: 'test' });
        goods.push({ subject: subjects.tick(symbol), env });
      }
      const base = goods[0]!.env;
      const aapl = subjects.tick('AAPL');
      const poison: { kind: string; subject: string; env: Envelope; reason: RegExp }[] = [
        {
          kind: 'ts of 1e17 ms',
          subject: aapl,
          env: tampered(base, 'p-ts', (d) => ((d.ts as number[])[3] = 1e17)),
          reason: /\/ts\/3 must be <=/,
        },
        {
          kind: 'ts in seconds',
          subject: aapl,
          env: tampered(base, 'p-sec', (d) => ((d.ts as number[])[0] = 1_767_625_200)),
          reason: /\/ts\/0 must be >=/,
        },
        {
          kind: 'seq of 1e20',
          subject: aapl,
          env: tampered(base, 'p-seq', (d) => ((d.seq as number[])[5] = 1e20)),
          reason: /\/seq\/5 must be <=/,
        },
        {
          kind: 'negative seq',
          subject: aapl,
          env: tampered(base, 'p-neg', (d) => ((d.seq as number[])[0] = -1)),
          reason: /\/seq\/0 must be >= 0/,
        },
        {
          kind: 'price of 1e300',
          subject: aapl,
          env: tampered(base, 'p-big', (d) => ((d.price as number[])[1] = 1e300)),
          reason: /\/price\/1 must be <=/,
        },
        {
          kind: 'price as text',
          subject: aapl,
          env: tampered(base, 'p-str', (d) => ((d.price as unknown[])[1] = '101.5')),
          reason: /\/price\/1/,
        },
        {
          kind: 'size of 1e200',
          subject: aapl,
          env: tampered(base, 'p-size', (d) => ((d.size as number[])[2] = 1e200)),
          reason: /\/size\/2 must be <=/,
        },
        {
          kind: 'symbol of 33 characters',
          subject: aapl,
          env: tampered(base, 'p-sym', (d) => (d.symbol = 'A'.repeat(33))),
          reason: /\/symbol/,
        },
        {
          kind: 'columns of different lengths',
          subject: aapl,
          env: tampered(base, 'p-len', (d) => (d.ask as number[]).pop()),
          reason: /\/ask has 19 values, \/ts has 20/,
        },
        {
          kind: "another symbol's ticks",
          subject: subjects.tick('MSFT'),
          env: tickBatch(good('AAPL', 900, 3), { source: 'test' }),
          reason: /subject md\.tick\.MSFT carries ticks of AAPL$/,
        },
        {
          kind: 'unknown symbol',
          subject: subjects.tick('NOPE'),
          env: tickBatch(good('NOPE', 1, 3), { source: 'test' }),
          reason: /unknown symbol NOPE$/,
        },
        {
          kind: 'wrong type',
          subject: aapl,
          env: envelope({ id: 'p-type', type: 'bar', source: 'test', key: 'AAPL', data: {} }),
          reason: /unexpected message type "bar"/,
        },
        {
          kind: 'a tick the store refuses',
          subject: subjects.tick('MSFT'),
          env: tickBatch(
            good('MSFT', 700, 4).map((x, i) => (i === 2 ? { ...x, price: REFUSED_PRICE } : x)),
            { source: 'test' },
          ),
          reason: /the store refused its ticks: .*poison_test_price/,
        },
        {
          kind: 'another tick the store refuses',
          subject: subjects.tick('BTC-USD'),
          env: tickBatch([{ ...good('BTC-USD', 800, 1)[0]!, price: REFUSED_PRICE }], { source: 'test' }),
          reason: /the store refused its ticks: .*poison_test_price/,
        },
      ];
      assert.equal(TICK_BATCH, base.type);

      // Interleaved: a bad message between every few good ones, all of them in one batch.
      const order = [...goods];
      for (const [i, p] of poison.entries()) order.splice(i * 4 + 1, 0, p);
      await Promise.all(order.map((m) => bus.publish(m.subject, m.env)));

      const expected = goods.reduce((n, g) => n + (g.env.data as { seq: number[] }).seq.length, 0);
      const counted = async () => {
        const r = await sql<{ n: number }>`select count(*)::int as n from ticks`.execute(store.db);
        return r.rows[0]!.n;
      };
      await eventually('every good tick stored and every bad message dead-lettered', async () =>
        deadLetters.length >= poison.length && (await counted()) >= expected ? true : undefined,
      );
      assert.equal(await counted(), expected, 'every good tick stored once, nothing of a bad message');
      assert.equal(deadLetters.length, poison.length, deadLetters.map((d) => d.reason).join('\n'));
      for (const p of poison) {
        const id = p.env.id;
        const letters = deadLetters.filter((d) => (d.original as Envelope).id === id);
        assert.equal(letters.length, 1, `${p.kind}: dead-lettered once`);
        assert.match(letters[0]!.reason, p.reason, p.kind);
      }
      const text = await metrics.registry.metrics();
      assert.match(text, /bourse_ingest_store_refused_total\S* 2$/m);
      assert.match(text, new RegExp(`^bourse_ingest_ticks_stored_total\\S* ${expected}$`, 'm'));
    });
  });
}
