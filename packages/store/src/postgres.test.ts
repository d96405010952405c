import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { UnavailableError } from '@bourse/core';
import { skipUnless, testServerUrl } from '@bourse/core/testing';
import { sql } from 'kysely';
import pg from 'pg';
import { storeContract } from './contract.ts';
import { createStore } from './index.ts';

// The same contract as PGlite's, against a PostgreSQL server; skipped (and
// reported as skipped) when none is configured.
const url = testServerUrl('postgres');

describe('PostgreSQL store', { skip: skipUnless('postgres') }, () => {
  const pgUrl = url ?? '';
  // Every store of this run lives in its own schema, so concurrent suites and
  // reruns never meet; the schemas are dropped when the run ends.
  const run = `store_test_${randomUUID().slice(0, 8)}`;
  const schemas: string[] = [];
  const fresh = (suffix: string) => {
    const schema = `${run}_${suffix}`;
    schemas.push(schema);
    return schema;
  };
  after(async () => {
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    try {
      for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`);
    } finally {
      await client.end();
    }
  });

  storeContract('postgres', (opts) =>
    createStore({ kind: 'postgres', url: pgUrl }, { ...opts, schema: fresh(`contract_${schemas.length}`) }),
  );

  it('reports an unreachable server as UnavailableError', async () => {
    await assert.rejects(createStore({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1:1/none' }), UnavailableError);
  });

  it('keeps schemas apart', async (t) => {
    const a = await createStore({ kind: 'postgres', url: pgUrl }, { schema: fresh('a') });
    t.after(() => a.close());
    const b = await createStore({ kind: 'postgres', url: pgUrl }, { schema: fresh('b') });
    t.after(() => b.close());
    await a.ticks.ingest([{ symbol: 'AAPL', ts: 1_700_000_000_000, seq: 1, price: 1, size: 1, bid: 1, ask: 1 }]);
    assert.equal((await a.ticks.lastSeq()).size, 1);
    assert.equal((await b.ticks.lastSeq()).size, 0);
  });

  it('survives its connection being ended under a transaction: the statement fails with UnavailableError, the process lives, the next one works', async (t) => {
    const store = await createStore({ kind: 'postgres', url: pgUrl }, { schema: fresh('killed') });
    t.after(() => store.close());
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    t.after(() => admin.end());
    const failure = await store.db
      .transaction()
      .execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        // The server ends this session (as on a shutdown, SQLSTATE 57P01) while the client is checked out
        // and idle: the 'error' it emits has no listener of the pool's.
        await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
        await new Promise((r) => setTimeout(r, 200));
        await sql`select 1`.execute(trx);
      })
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    assert.ok(failure instanceof UnavailableError, `got ${String(failure)}`);
    assert.deepEqual(await store.health(), { ok: true });
  });

  it('cancels a statement that runs past the statement timeout, as UnavailableError', async (t) => {
    const store = await createStore({ kind: 'postgres', url: pgUrl, statementTimeoutMs: 300 }, { schema: fresh('timeout') });
    t.after(() => store.close());
    await assert.rejects(sql`select pg_sleep(5)`.execute(store.db), (err: unknown) => {
      assert.ok(err instanceof UnavailableError);
      assert.match(err.message, /statement timeout/);
      return true;
    });
    assert.deepEqual(await store.health(), { ok: true });
  });
});
