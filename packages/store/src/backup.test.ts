import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { skipUnless, testServerUrl } from '@bourse/core/testing';
import pg from 'pg';
import { BackupFormatError, backupStore, createStore, restoreStore, type Store, tableDigests } from './index.ts';

/** Something in every kind of column: text, float8, timestamptz (with microseconds), jsonb, booleans, a serial, foreign keys. */
async function fill(store: Store): Promise<void> {
  await store.exchanges.upsertMany([{ code: 'NASDAQ', name: 'Nasdaq', country: 'US', timezone: 'America/New_York', currency: 'USD' }]);
  await store.instruments.insert({
    symbol: 'AAPL',
    name: 'Apple',
    exchange: 'NASDAQ',
    assetClass: 'equity',
    currency: 'USD',
    tickSize: 0.01,
    lotSize: 1,
    streamable: true,
  });
  const t0 = Date.UTC(2026, 0, 5, 15);
  await store.ticks.ingest(
    Array.from({ length: 300 }, (_, i) => ({
      symbol: 'AAPL',
      ts: t0 + i * 997,
      seq: i + 1,
      price: 100 + Math.sin(i) / 3,
      size: i % 7,
      bid: 99.99,
      ask: 100.01,
    })),
  );
  await store.corporateActions.upsert([{ symbol: 'AAPL', kind: 'split', exDate: '2020-08-31', ratio: 4, source: 'manual' }]);
  const user = await store.auth.createUser({ id: randomUUID(), email: 'a@example.com', passwordHash: 'x', role: 'admin' });
  await store.auth.createApiKey({ id: randomUUID(), userId: user.id, name: 'k', keyHash: 'h', prefix: 'bsk_', readOnly: true });
  await store.logs.insertMany(
    Array.from({ length: 3 }, (_, i) => ({
      ts: t0 + i,
      service: 'test',
      level: 'info' as const,
      instance: null,
      requestId: null,
      msg: `m${i}`,
      line: { i, nested: { x: [1, 2] } },
    })),
  );
}

async function roundTrip(source: Store, target: Store): Promise<void> {
  await fill(source);
  const lines: string[] = [];
  const written = await backupStore(source, (l) => {
    lines.push(l);
  });
  assert.equal(written.find((t) => t.table === 'ticks')?.rows, 300);
  // Parents first: a restore inserts in file order.
  const order = written.map((t) => t.table);
  assert.ok(order.indexOf('exchanges') < order.indexOf('instruments') && order.indexOf('instruments') < order.indexOf('corporate_actions'));
  assert.ok(order.indexOf('users') < order.indexOf('api_keys'));
  await target.exchanges.upsertMany([{ code: 'X', name: 'to be replaced', country: 'US', timezone: 'UTC', currency: 'USD' }]);
  const restored = await restoreStore(
    target,
    (async function* () {
      yield* lines;
    })(),
  );
  assert.deepEqual(restored, written);
  const [a, b] = await Promise.all([tableDigests(source), tableDigests(target)]);
  assert.deepEqual(b, a);
  assert.ok(Object.keys(a).length >= 10);
  // The serial continues past the restored ids.
  await target.logs.insertMany([{ ts: 1, service: 'test', level: 'info', instance: null, requestId: null, msg: 'after', line: {} }]);
}

describe('backup and restore', () => {
  it('restores a PGlite backup into a new data folder, equal table by table', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'bourse-restore-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const source = await createStore({ kind: 'pglite', dir: 'memory://' });
    t.after(() => source.close());
    const target = await createStore({ kind: 'pglite', dir });
    t.after(() => target.close());
    await roundTrip(source, target);
  });

  it('restores a PostgreSQL backup into a scratch database, equal table by table', { skip: skipUnless('postgres') }, async (t) => {
    const url = testServerUrl('postgres') ?? '';
    const schema = `backup_src_${randomUUID().slice(0, 8)}`;
    const database = `bourse_restore_${randomUUID().slice(0, 8)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database "${database}"`);
    t.after(async () => {
      await admin.query(`drop schema if exists "${schema}" cascade`);
      await admin.query(`drop database if exists "${database}" with (force)`);
      await admin.end();
    });
    const source = await createStore({ kind: 'postgres', url }, { schema });
    t.after(() => source.close());
    const scratch = new URL(url);
    scratch.pathname = `/${database}`;
    const target = await createStore({ kind: 'postgres', url: scratch.toString() });
    t.after(() => target.close());
    await roundTrip(source, target);
  });

  it('refuses a file that is not a backup, or one of other migrations, and leaves the store as it was', async (t) => {
    const store = await createStore({ kind: 'pglite', dir: 'memory://' });
    t.after(() => store.close());
    await fill(store);
    const before = await tableDigests(store);
    const lines = (...l: string[]) =>
      (async function* () {
        yield* l;
      })();
    await assert.rejects(restoreStore(store, lines('date,close')), BackupFormatError);
    await assert.rejects(
      restoreStore(
        store,
        lines(JSON.stringify({ format: 'bourse-backup', version: 1, kind: 'pglite', createdAt: '', migrations: ['0001_reference'] })),
      ),
      /migrations/,
    );
    const migrations = (await store.migrate.status()).map((m) => m.name);
    const header = JSON.stringify({ format: 'bourse-backup', version: 1, kind: 'pglite', createdAt: '', migrations });
    // A bad row fails the whole restore: the truncation is rolled back with it.
    await assert.rejects(restoreStore(store, lines(header, '{"table":"exchanges","columns":[]}', '{"code":null}')));
    assert.deepEqual(await tableDigests(store), before);
  });
});
