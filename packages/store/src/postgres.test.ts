import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { UnavailableError } from '@bourse/core';
import { skipUnless, testServerUrl } from '@bourse/core/testing';
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
});
