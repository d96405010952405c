import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { testServerUrl } from '@bourse/core/testing';
import pg from 'pg';
import { createStore, type NewModel, type Store } from './index.ts';

const pgUrl = testServerUrl('postgres');
const schema = `ai_test_${randomUUID().slice(0, 8)}`;
const dialects: [string, () => Promise<Store>][] = [['pglite', () => createStore({ kind: 'pglite', dir: 'memory://' })]];
if (pgUrl !== undefined) dialects.push(['postgres', () => createStore({ kind: 'postgres', url: pgUrl }, { schema })]);

after(async () => {
  if (pgUrl === undefined) return;
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
});

const model = (name: string): NewModel => ({
  name,
  kind: 'logistic',
  features: ['ret_1', 'rsi_14'],
  horizon: 5,
  interval: '1d',
  universe: ['AAPL', 'MSFT'],
  params: { l2: 0.01 },
  trainFrom: Date.UTC(2024, 0, 1),
  trainTo: Date.UTC(2025, 0, 1),
  dataHash: 'abc',
  metrics: { auc: 0.52 },
  artefact: { kind: 'logistic', weights: [0.1, -0.2] },
  status: 'candidate',
  createdBy: 'u1',
});

for (const [name, open] of dialects) {
  describe(`ai repository (${name})`, () => {
    it('versions models by name and keeps one active version per name', async () => {
      const store = await open();
      try {
        const a = await store.ai.addModel(model('trend'));
        const b = await store.ai.addModel(model('trend'));
        const c = await store.ai.addModel(model('other'));
        assert.deepEqual([a.version, b.version, c.version], [1, 2, 1]);
        assert.deepEqual(b.features, ['ret_1', 'rsi_14']);
        assert.deepEqual(b.artefact, { kind: 'logistic', weights: [0.1, -0.2] });
        await store.ai.setStatus(a.id, 'active');
        await store.ai.setStatus(c.id, 'active');
        await store.ai.setStatus(b.id, 'active');
        const active = await store.ai.models({ status: 'active' });
        assert.deepEqual(active.map((m) => m.id).sort(), [b.id, c.id].sort());
        assert.equal((await store.ai.model(a.id))?.status, 'retired');
        assert.equal(await store.ai.setStatus('m_missing', 'active'), undefined);
      } finally {
        await store.close();
      }
    });

    it('leases a job to one worker, gives it to another when the lease runs out, and records the outcome', async () => {
      const store = await open();
      try {
        const job = await store.ai.enqueueJob({ kind: 'gbdt' }, 'u1');
        const first = await store.ai.claimJob(60_000);
        assert.equal(first?.id, job.id);
        assert.equal(await store.ai.claimJob(60_000), undefined, 'a leased job is not given twice');
        await store.ai.progress(job.id, 0.5, 1);
        await new Promise((r) => setTimeout(r, 20));
        const again = await store.ai.claimJob(60_000);
        assert.equal(again?.id, job.id, 'a job whose lease ran out goes to the next worker');
        await store.ai.finishJob(job.id, { modelId: 'm_1' });
        const done = await store.ai.job(job.id);
        assert.deepEqual([done?.state, done?.progress, done?.modelId], ['succeeded', 1, 'm_1']);
        assert.equal(await store.ai.claimJob(60_000), undefined);

        // A named job is queued once, and again only after it failed.
        await store.ai.requeueJob('default', { kind: 'logistic' }, 'system');
        await store.ai.requeueJob('default', { kind: 'logistic' }, 'system');
        const d = await store.ai.claimJob(60_000);
        assert.equal(d?.id, 'default');
        await store.ai.requeueJob('default', { kind: 'logistic' }, 'system');
        assert.equal((await store.ai.job('default'))?.state, 'running', 'a running job is not queued again');
        await store.ai.finishJob('default', { error: 'not enough history' });
        await store.ai.requeueJob('default', { kind: 'logistic' }, 'system');
        assert.equal((await store.ai.job('default'))?.state, 'queued');
      } finally {
        await store.close();
      }
    });

    it('stores a signal once per symbol, model and bar, and serves the latest and a range', async () => {
      const store = await open();
      try {
        const t = Date.UTC(2025, 5, 1);
        assert.equal(await store.ai.addSignal('AAPL', 'm_1', t, { p: 0.6 }), true);
        assert.equal(await store.ai.addSignal('AAPL', 'm_1', t, { p: 0.7 }), false);
        await store.ai.addSignal('AAPL', 'm_1', t + 86_400_000, { p: 0.4 });
        assert.deepEqual(await store.ai.latestSignal('AAPL'), { p: 0.4 });
        assert.deepEqual(await store.ai.signals('AAPL', { from: t, to: t + 86_400_000, limit: 10 }), [{ p: 0.6 }, { p: 0.4 }]);
        assert.equal(await store.ai.latestSignal('MSFT'), undefined);
      } finally {
        await store.close();
      }
    });
  });
}
