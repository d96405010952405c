import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  BadRequestError,
  type Bar,
  CATALOG,
  ConflictError,
  EXCHANGES,
  INTERVAL_MS,
  INTERVALS,
  type Instrument,
  type Tick,
} from '@bourse/core';
import fc from 'fast-check';
import { sql } from 'kysely';
import type { LogQuery, LogRecord } from './repositories/logs.ts';
import type { Store, StoreOptions } from './store.ts';

/**
 * The behaviour every store backend must have, registered once per backend.
 * `makeStore` opens an isolated, migrated store (in-memory PGlite, or
 * PostgreSQL in a schema of its own) with the options given; the suite shares
 * one per run and empties the tables before each test that writes. Ingest is
 * checked on both of its paths: the store as configured (new batches by COPY
 * with bars aggregated in TypeScript, batches holding stored ticks by SQL) and
 * a second store opened with `copy: false` (every batch by SQL, bars
 * aggregated in SQL).
 */
export function storeContract(name: string, makeStore: (opts?: StoreOptions) => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    before(async () => {
      store = await makeStore();
    });
    after(async () => {
      await store?.close();
    });

    const truncate = async (s: Store) => {
      await sql`truncate ticks, bars, latest_quotes, corporate_actions, manual_series, instruments, exchanges`.execute(s.db);
    };
    const reset = () => truncate(store);

    describe('migrations', () => {
      it('reports every migration applied after start', async () => {
        const status = await store.migrate.status();
        assert.ok(status.length >= 2);
        assert.ok(status.every((m) => m.applied));
      });

      it('goes down one step at a time and back up', async () => {
        const names = (await store.migrate.status()).map((m) => m.name);
        for (let i = names.length - 1; i >= 0; i--) {
          assert.deepEqual(await store.migrate.down(), [names[i]]);
        }
        assert.ok((await store.migrate.status()).every((m) => !m.applied));
        await assert.rejects(sql`select 1 from ticks`.execute(store.db));
        assert.deepEqual(await store.migrate.up(), names);
        assert.deepEqual(await store.migrate.up(), []);
        assert.ok((await store.migrate.status()).every((m) => m.applied));
      });
    });

    describe('reference data', () => {
      beforeEach(async () => {
        await reset();
        await store.exchanges.upsertMany(EXCHANGES);
      });

      it('lists exchanges and updates them by code', async () => {
        assert.equal((await store.exchanges.list()).length, EXCHANGES.length);
        await store.exchanges.upsertMany([{ ...EXCHANGES[0]!, name: 'Renamed' }]);
        const list = await store.exchanges.list();
        assert.equal(list.length, EXCHANGES.length);
        assert.equal(list.find((e) => e.code === EXCHANGES[0]!.code)?.name, 'Renamed');
      });

      it('inserts missing instruments and leaves existing ones', async () => {
        const catalog = CATALOG.map(({ sim: _sim, ...i }) => i);
        assert.equal(await store.instruments.upsertMany(catalog), catalog.length);
        await store.instruments.upsertMany([{ ...catalog[0]!, name: 'Changed' }]);
        assert.equal((await store.instruments.get(catalog[0]!.symbol))?.name, catalog[0]!.name);
        assert.deepEqual(await store.instruments.symbols(), catalog.map((i) => i.symbol).sort());
        assert.deepEqual(
          await store.instruments.get('BTC-USD'),
          catalog.find((i) => i.symbol === 'BTC-USD'),
        );
        assert.equal(await store.instruments.get('NOPE'), undefined);
      });

      it('finds instruments by name, case-insensitively', async () => {
        await store.instruments.upsertMany(CATALOG);
        const { data, total } = await store.instruments.search({ q: 'bitcoin', limit: 10, offset: 0 });
        assert.deepEqual(
          data.map((i) => i.symbol),
          ['BTC-USD'],
        );
        assert.equal(total, 1);
      });

      it('ranks the exact symbol, then symbol prefixes, before other matches', async () => {
        await store.instruments.upsertMany(CATALOG);
        for (const q of ['v', 'Sp', 'ad', 'usd']) {
          const { data, total } = await store.instruments.search({ q, limit: 100, offset: 0 });
          assert.ok(total > 0 && data.length === total, q);
          const prefix = data.map((i) => i.symbol.toLowerCase().startsWith(q.toLowerCase()));
          assert.equal(prefix.indexOf(false) === -1 ? prefix.length : prefix.indexOf(false), prefix.filter(Boolean).length, q);
          for (const i of data) assert.ok(`${i.symbol} ${i.name}`.toLowerCase().includes(q.toLowerCase()), `${q}: ${i.symbol}`);
        }
        assert.equal((await store.instruments.search({ q: 'v', limit: 1, offset: 0 })).data[0]?.symbol, 'V');
      });

      it('filters by exchange and asset class and pages with a stable total', async () => {
        await store.instruments.upsertMany(CATALOG);
        const hose = CATALOG.filter((i) => i.exchange === 'HOSE').length;
        const first = await store.instruments.search({ exchange: 'HOSE', limit: 5, offset: 0 });
        const rest = await store.instruments.search({ exchange: 'HOSE', limit: 100, offset: 5 });
        assert.equal(first.total, hose);
        assert.equal(rest.total, hose);
        assert.equal(first.data.length + rest.data.length, hose);
        assert.equal(new Set([...first.data, ...rest.data].map((i) => i.symbol)).size, hose);
        const crypto = await store.instruments.search({ assetClass: 'crypto', limit: 100, offset: 0 });
        assert.ok(crypto.data.length > 0 && crypto.data.every((i) => i.assetClass === 'crypto'));
        assert.equal((await store.instruments.search({ q: '%', limit: 10, offset: 0 })).total, 0);
      });

      it('inserts one instrument and refuses a duplicate or an unknown exchange', async () => {
        const inst: Instrument = {
          symbol: 'ZZZ',
          name: 'Zed Corp',
          exchange: 'NYSE',
          assetClass: 'equity',
          currency: 'USD',
          tickSize: 0.01,
          lotSize: 1,
          streamable: false,
        };
        await store.instruments.insert(inst);
        assert.deepEqual(await store.instruments.get('ZZZ'), inst);
        await assert.rejects(store.instruments.insert(inst), ConflictError);
        await assert.rejects(store.instruments.insert({ ...inst, symbol: 'ZZY', exchange: 'MOON' }), BadRequestError);
      });
    });

    describe('ticks, bars and quotes', () => {
      beforeEach(reset);
      const T0 = Date.UTC(2024, 0, 2, 13, 59, 0);

      it('ingests a batch once: a redelivered batch inserts nothing and changes no bar', async () => {
        const batch = series('AAPL', T0, 120, 7_000);
        assert.deepEqual(await store.ticks.ingest(batch), { inserted: 120, duplicates: 0 });
        const bars = await allBars(store, 'AAPL');
        const quotes = await store.quotes.latest(['AAPL']);
        assert.deepEqual(await store.ticks.ingest(batch), { inserted: 0, duplicates: 120 });
        assert.deepEqual(await allBars(store, 'AAPL'), bars);
        assert.deepEqual(await store.quotes.latest(['AAPL']), quotes);
        assert.deepEqual(await store.ticks.ingest([]), { inserted: 0, duplicates: 0 });
        // A partial redelivery only adds what is new.
        const more = series('AAPL', T0 + 120 * 7_000, 10, 7_000, 120);
        assert.deepEqual(await store.ticks.ingest([...batch.slice(100), ...more]), { inserted: 10, duplicates: 20 });
      });

      it('stores every value exactly as sent, whichever COPY format the backend uses', async () => {
        // Times before PostgreSQL's 2000 epoch and far after it, seq up to 2^53 - 1, floats
        // whose shortest decimal form is long, subnormal-adjacent and huge.
        const ticks: Tick[] = [
          { symbol: 'AAPL', ts: 0, seq: 0, price: 0.1 + 0.2, size: 0, bid: 5e-324, ask: 1.7976931348623157e308 },
          { symbol: 'AAPL', ts: 946_684_799_999, seq: 1, price: 1 / 3, size: 1e-7, bid: 123.456, ask: 2 ** 52 + 0.5 },
          { symbol: 'AAPL', ts: 946_684_800_001, seq: Number.MAX_SAFE_INTEGER, price: Math.PI, size: 1e21, bid: 1e-300, ask: Math.E },
          { symbol: 'AAPL', ts: Date.UTC(2999, 11, 31, 23, 59, 59, 999), seq: 2 ** 32 + 1, price: 7, size: 2 ** 31, bid: 6.5, ask: 7.5 },
        ];
        assert.deepEqual(await store.ticks.ingest(ticks), { inserted: 4, duplicates: 0 });
        assert.deepEqual(await store.ticks.range('AAPL', { from: 0, limit: 10 }), ticks);
      });

      describe('on both ingest paths', () => {
        let sqlOnly: Store;
        before(async () => {
          sqlOnly = await makeStore({ copy: false });
        });
        after(async () => {
          await sqlOnly?.close();
        });
        const paths = [
          { path: 'COPY with TypeScript aggregation, SQL for repeats', target: () => store },
          { path: 'SQL only', target: () => sqlOnly },
        ];

        for (const { path, target } of paths) {
          it(`keeps bars equal to a recomputation from the stored ticks, however batches are split or repeated (${path})`, async () => {
            const tick = fc.record({
              symbol: fc.constantFrom('AAA', 'BB.B'),
              ts: fc.integer({ min: T0 - 3 * 3_600_000, max: T0 + 3 * 3_600_000 }),
              seq: fc.integer({ min: 0, max: 30 }),
              price: fc.double({ min: 1, max: 1000, noNaN: true }),
              size: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 500 })),
              bid: fc.constant(1),
              ask: fc.constant(2),
            });
            const s = target();
            await fc.assert(
              fc.asyncProperty(
                fc.array(tick, { minLength: 1, maxLength: 60 }),
                fc.array(fc.nat(), { maxLength: 6 }),
                fc.array(fc.nat(), { maxLength: 3 }),
                async (ticks, cuts, repeats) => {
                  await truncate(s);
                  const batches = split(ticks, cuts);
                  for (const r of repeats) batches.splice(r % (batches.length + 1), 0, batches[r % batches.length]!);
                  let inserted = 0;
                  for (const b of batches) inserted += (await s.ticks.ingest(b)).inserted;
                  const keys = new Set(ticks.map((t) => `${t.symbol}|${t.ts}|${t.seq}`));
                  assert.equal(inserted, keys.size);
                  for (const symbol of ['AAA', 'BB.B']) {
                    const stored = await s.ticks.range(symbol, { from: 0, limit: 10_000 });
                    // a key sent twice is stored once
                    assert.equal(stored.length, [...keys].filter((k) => k.startsWith(`${symbol}|`)).length);
                    assertBarsEqual(await allBars(s, symbol), recompute(stored));
                    const last = stored.at(-1);
                    const quote = (await s.quotes.latest([symbol])).get(symbol);
                    assert.deepEqual(quote && [quote.ts, quote.seq, quote.last], last && [last.ts, last.seq, last.price]);
                  }
                },
              ),
              { numRuns: 25 },
            );
          });

          it(`gives exactly-once bars under concurrent overlapping ingests (${path})`, async () => {
            const s = target();
            await truncate(s);
            const a = [...series('AAPL', T0, 300, 1_000), ...series('MSFT', T0, 300, 1_000)];
            const b = [...a.slice(150, 450)].reverse();
            const c = a.slice(400);
            const results = await Promise.all([s.ticks.ingest(a), s.ticks.ingest(b), s.ticks.ingest(c)]);
            assert.equal(
              results.reduce((n, r) => n + r.inserted, 0),
              a.length,
            );
            for (const symbol of ['AAPL', 'MSFT']) {
              const stored = await s.ticks.range(symbol, { from: 0, limit: 10_000 });
              assert.equal(stored.length, 300);
              assertBarsEqual(await allBars(s, symbol), recompute(stored));
            }
          });
        }
      });

      it('moves the latest quote only forward by (ts, seq)', async () => {
        const q = (ts: number, seq: number, price: number): Tick => ({ symbol: 'EURUSD', ts, seq, price, size: 1, bid: price, ask: price });
        await store.ticks.ingest([q(T0 + 1000, 5, 1.1)]);
        await store.ticks.ingest([q(T0, 9, 1.2)]);
        assert.equal((await store.quotes.latest(['EURUSD'])).get('EURUSD')?.last, 1.1);
        await store.ticks.ingest([q(T0 + 1000, 6, 1.3), q(T0 + 1000, 4, 1.4)]);
        const quote = (await store.quotes.latest(['EURUSD', 'MISSING'])).get('EURUSD');
        assert.deepEqual(quote, { symbol: 'EURUSD', ts: T0 + 1000, seq: 6, last: 1.3, bid: 1.3, ask: 1.3, size: 1 });
        assert.deepEqual((await store.ticks.lastSeq()).get('EURUSD'), { seq: 6, ts: T0 + 1000, price: 1.3 });
        assert.equal((await store.quotes.latest([])).size, 0);
      });

      it('returns ticks in a range ascending, the most recent ones without a start', async () => {
        const batch = series('TSLA', T0, 50, 1_000);
        await store.ticks.ingest(batch);
        assert.deepEqual(await store.ticks.range('TSLA', { from: T0 + 10_000, to: T0 + 14_000, limit: 100 }), batch.slice(10, 15));
        assert.deepEqual(await store.ticks.range('TSLA', { from: T0 + 10_000, limit: 3 }), batch.slice(10, 13));
        assert.deepEqual(await store.ticks.range('TSLA', { limit: 3 }), batch.slice(47));
        assert.deepEqual(await store.ticks.range('TSLA', { to: T0 + 20_000, limit: 2 }), batch.slice(19, 21));
        assert.deepEqual(await store.ticks.range('NONE', { limit: 3 }), []);
      });

      it('returns bars in a range ascending with final set once the interval is over', async () => {
        // 3 hours of one tick a minute, ending now: the last 1m bar is still open.
        const now = Date.now();
        const start = now - 3 * 3_600_000;
        const batch = series('NVDA', start, 181, 60_000);
        await store.ticks.ingest(batch);
        const all = await store.bars.range('NVDA', '1m', { limit: 1_000 });
        assert.ok(all.length >= 180);
        assert.ok(all.every((b, i) => i === 0 || b.start > all[i - 1]!.start));
        const last3 = await store.bars.range('NVDA', '1m', { limit: 3 });
        assert.deepEqual(last3, all.slice(-3));
        assert.equal(last3.at(-1)!.final, false);
        assert.equal(all[0]!.final, true);
        const from = all[10]!.start;
        assert.deepEqual(await store.bars.range('NVDA', '1m', { from, to: from + 4 * 60_000, limit: 100 }), all.slice(10, 15));
        assert.deepEqual(await store.bars.range('NVDA', '1m', { to: from, limit: 2 }), all.slice(9, 11));
        assert.deepEqual(await store.bars.latest('NVDA', '1m'), all.at(-1));
        const hours = await store.bars.range('NVDA', '1h', { limit: 10 });
        assert.equal(
          hours.reduce((n, b) => n + b.trades, 0),
          181,
        );
        assert.equal(await store.bars.latest('NVDA', '1d').then((b) => b?.interval), '1d');
        assert.equal(await store.bars.latest('NONE', '1m'), undefined);
      });

      it('reports health', async () => {
        assert.deepEqual(await store.health(), { ok: true });
      });
    });

    describe('logs', () => {
      beforeEach(async () => {
        await sql`truncate logs`.execute(store.db);
      });
      const T0 = Date.UTC(2026, 0, 5, 14, 30);
      const record = (i: number, fields: Partial<LogRecord> = {}): LogRecord => ({
        ts: T0 + i * 1000,
        service: 'symbols',
        level: 'info',
        instance: 'i-1',
        requestId: null,
        msg: `line ${i}`,
        line: { msg: `line ${i}`, n: i, nested: { ok: true } },
        ...fields,
      });

      it('stores lines as they were logged and returns them newest first', async () => {
        const lines = [record(0), record(1, { level: 'error', requestId: 'r-1', instance: null }), record(1, { msg: 'same time, later' })];
        assert.equal(await store.logs.insertMany(lines), 3);
        assert.equal(await store.logs.insertMany([]), 0);
        assert.deepEqual(await store.logs.query({ limit: 10 }), [lines[2], lines[1], lines[0]]);
      });

      it('filters by service, lowest level, time range, text and request id', async () => {
        await store.logs.insertMany([
          record(0, { level: 'debug', msg: 'Cache warmed' }),
          record(1, { level: 'warn', msg: 'Slow QUERY', requestId: 'r-1' }),
          record(2, { level: 'fatal', msg: 'query failed: 100%_done', requestId: 'r-1' }),
          record(3, { service: 'ingest', level: 'error', msg: 'query failed' }),
        ]);
        const msgs = async (q: Partial<LogQuery>) => (await store.logs.query({ limit: 100, ...q })).map((r) => r.msg);
        assert.deepEqual(await msgs({ service: 'symbols', level: 'warn' }), ['query failed: 100%_done', 'Slow QUERY']);
        assert.deepEqual(await msgs({ level: 'error' }), ['query failed', 'query failed: 100%_done']);
        assert.deepEqual(await msgs({ since: T0 + 1000, until: T0 + 3000 }), ['query failed: 100%_done', 'Slow QUERY']);
        assert.deepEqual(await msgs({ q: 'query', service: 'symbols' }), ['query failed: 100%_done', 'Slow QUERY']);
        // Text is matched as it is, not as a LIKE pattern.
        assert.deepEqual(await msgs({ q: '%_' }), ['query failed: 100%_done']);
        assert.deepEqual(await msgs({ requestId: 'r-1', limit: 1 }), ['query failed: 100%_done']);
        assert.deepEqual(await msgs({ service: 'none' }), []);
      });

      it('deletes lines older than a time and says how many', async () => {
        await store.logs.insertMany([record(0), record(1), record(2)]);
        assert.equal(await store.logs.deleteBefore(T0 + 2000), 2);
        assert.equal(await store.logs.deleteBefore(T0 + 2000), 0);
        assert.deepEqual(
          (await store.logs.query({ limit: 10 })).map((r) => r.msg),
          ['line 2'],
        );
      });
    });
  });
}

/** n ticks of one symbol, `step` ms apart, seq from `seq0`. */
function series(symbol: string, t0: number, n: number, step: number, seq0 = 0): Tick[] {
  return Array.from({ length: n }, (_, i) => {
    const price = 100 + Math.sin(i / 5) * 3 + i / 100;
    return { symbol, ts: t0 + i * step, seq: seq0 + i, price, size: 1 + (i % 7) * 10, bid: price - 0.01, ask: price + 0.01 };
  });
}

function split<T>(items: T[], cuts: number[]): T[][] {
  const points = [...new Set(cuts.map((c) => c % items.length))].filter((c) => c > 0).sort((a, b) => a - b);
  const out: T[][] = [];
  let prev = 0;
  for (const p of [...points, items.length]) {
    out.push(items.slice(prev, p));
    prev = p;
  }
  return out;
}

async function allBars(store: Store, symbol: string) {
  const out = [];
  for (const interval of INTERVALS) out.push(...(await store.bars.range(symbol, interval, { from: 0, limit: 100_000 })));
  return out;
}

/**
 * The bars of one symbol's ticks computed from scratch, independently of the
 * store's aggregation: per interval and bucket, the ticks sorted by (ts, seq),
 * open the first price and close the last; ordered as `allBars` reads them.
 */
function recompute(ticks: readonly Tick[]): Bar[] {
  const now = Date.now();
  const out: Bar[] = [];
  for (const interval of INTERVALS) {
    const width = INTERVAL_MS[interval];
    const buckets = new Map<number, Tick[]>();
    for (const t of ticks) {
      const start = Math.floor(t.ts / width) * width;
      buckets.set(start, [...(buckets.get(start) ?? []), t]);
    }
    for (const [start, group] of [...buckets].sort(([a], [b]) => a - b)) {
      const s = [...group].sort((a, b) => a.ts - b.ts || a.seq - b.seq);
      const prices = s.map((t) => t.price);
      const volume = s.reduce((v, t) => v + t.size, 0);
      const pv = s.reduce((v, t) => v + t.price * t.size, 0);
      const close = s.at(-1)!.price;
      out.push({
        symbol: s[0]!.symbol,
        interval,
        start,
        open: s[0]!.price,
        high: Math.max(...prices),
        low: Math.min(...prices),
        close,
        volume,
        trades: s.length,
        vwap: volume > 0 ? pv / volume : close,
        final: start + width <= now,
      });
    }
  }
  return out;
}

/** Order-independent fields exactly; sums of floats (volume, vwap) to rounding. */
function assertBarsEqual(actual: readonly Bar[], expected: readonly Bar[]) {
  assert.equal(actual.length, expected.length);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    const { volume: av, vwap: aw, ...ar } = a;
    const { volume: ev, vwap: ew, ...er } = e;
    assert.deepEqual(ar, er);
    assert.ok(Math.abs(av - ev) <= 1e-9 * Math.max(1, Math.abs(ev)), `volume ${av} != ${ev}`);
    assert.ok(Math.abs(aw - ew) <= 1e-9 * Math.max(1, Math.abs(ew)), `vwap ${aw} != ${ew}`);
  });
}
