import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { testServerUrl } from '@bourse/core/testing';
import pg from 'pg';
import { createStore, type Store } from './index.ts';
import type { DeadLetterRecord } from './repositories/dead-letters.ts';

/** The dead-letter repository on each backend: PGlite always, PostgreSQL when configured (a schema of its own). */
const backends: [string, () => Promise<{ store: Store; drop(): Promise<void> }>][] = [
  ['pglite', async () => ({ store: await createStore({ kind: 'pglite', dir: 'memory://' }), drop: async () => {} })],
];
const pgUrl = testServerUrl('postgres');
if (pgUrl) {
  backends.push([
    'postgres',
    async () => {
      const schema = `dlq_test_${randomUUID().slice(0, 8)}`;
      const store = await createStore({ kind: 'postgres', url: pgUrl }, { schema });
      return {
        store,
        async drop() {
          const client = new pg.Client({ connectionString: pgUrl });
          await client.connect();
          await client.query(`drop schema if exists "${schema}" cascade`).finally(() => client.end());
        },
      };
    },
  ]);
}

const T0 = Date.UTC(2026, 0, 5, 14, 30);
function letter(id: string, subject: string, body: Uint8Array, at: number): DeadLetterRecord {
  return {
    id,
    subject,
    consumer: 'ingest',
    kind: 'poison',
    reason: 'PoisonMessageError: unknown symbol ZZZZ\u0000',
    deliveries: 1,
    size: body.byteLength,
    sha256: createHash('sha256').update(body).digest('hex'),
    truncated: false,
    deadAt: at,
  };
}

for (const [name, open] of backends) {
  describe(`dead letters: ${name}`, () => {
    it('stores each dead letter once, with its body byte for byte, and lists the newest first', async (t) => {
      const { store, drop } = await open();
      t.after(async () => {
        await store.close();
        await drop();
      });
      const repo = store.deadLetters;
      // every byte value, NUL included: bodies are bytes, not text
      const binary = Uint8Array.from({ length: 256 }, (_, i) => i);
      const text = new TextEncoder().encode('{"id":"x"}');
      assert.equal(await repo.record(letter('dlq:ingest:a', 'md.tick.ZZZZ', binary, T0), binary), true);
      assert.equal(await repo.record(letter('dlq:ingest:a', 'md.tick.ZZZZ', binary, T0), binary), false);
      assert.equal(await repo.record(letter('dlq:ingest:b', 'md.tick.AAPL', text, T0 + 1000), text), true);
      assert.equal(await repo.record({ ...letter('dlq:bars:c', 'md.bar.1m.AAPL', text, T0 + 2000), truncated: true }, null), true);

      const all = await repo.list({ limit: 10 });
      assert.deepEqual(
        all.map((l) => l.id),
        ['dlq:bars:c', 'dlq:ingest:b', 'dlq:ingest:a'],
      );
      const a = all[2]!;
      assert.equal(a.reason, 'PoisonMessageError: unknown symbol ZZZZ');
      assert.equal(a.size, 256);
      assert.equal(a.deadAt, T0);
      assert.equal(a.replays, 0);
      assert.equal(a.replayedAt, null);
      assert.deepEqual([...((await repo.body('dlq:ingest:a')) ?? [])], [...binary]);
      assert.equal(await repo.body('dlq:bars:c'), undefined);
      assert.equal(await repo.body('nope'), undefined);

      assert.deepEqual(
        (await repo.list({ subject: 'md.tick.>', limit: 10 })).map((l) => l.id),
        ['dlq:ingest:b', 'dlq:ingest:a'],
      );
      assert.deepEqual(
        (await repo.list({ subject: 'md.tick.AAPL', limit: 10 })).map((l) => l.id),
        ['dlq:ingest:b'],
      );
      assert.equal((await repo.list({ limit: 1 })).length, 1);

      await repo.markReplayed('dlq:ingest:a', T0 + 5000);
      await repo.markReplayed('dlq:ingest:a', T0 + 6000);
      const [replayed] = await repo.list({ id: 'dlq:ingest:a', limit: 1 });
      assert.equal(replayed!.replays, 2);
      assert.equal(replayed!.replayedAt, T0 + 6000);
      assert.deepEqual(
        (await repo.list({ pending: true, subject: 'md.tick.>', limit: 10 })).map((l) => l.id),
        ['dlq:ingest:b'],
      );
    });
  });
}
