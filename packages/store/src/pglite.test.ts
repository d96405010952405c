import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { storeContract } from './contract.ts';
import { createStore } from './index.ts';

storeContract('pglite (in memory)', (opts) => createStore({ kind: 'pglite', dir: 'memory://' }, opts));

describe('PGlite store on disk', () => {
  it('keeps data across a restart and does not migrate twice', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'bourse-store-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const first = await createStore({ kind: 'pglite', dir });
    await first.ticks.ingest([{ symbol: 'AAPL', ts: 1_700_000_000_000, seq: 1, price: 1, size: 1, bid: 1, ask: 1 }]);
    await first.close();
    const second = await createStore({ kind: 'pglite', dir });
    t.after(() => second.close());
    assert.deepEqual(await second.migrate.up(), []);
    assert.equal((await second.ticks.lastSeq()).get('AAPL')?.seq, 1);
  });
});
