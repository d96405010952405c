import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ConfigError, envelope, insightPayload, loadConfig, subjects, type Tick } from '@bourse/core';
import { startProcess } from '@bourse/kit';
import { insightsService } from './index.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 1, 15);

describe('insights service', async () => {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const running = await startProcess({
    config: { ...config, database: { kind: 'pglite', dir: 'memory://' } },
    modules: [insightsService],
    listen: false,
  });
  after(() => running.stop());
  const { store, bus, cache } = running.ctx;
  const call = async (url: string) => {
    const r = await running.app.inject({ method: 'GET', url });
    return { status: r.statusCode, body: r.json() };
  };

  it('scores a symbol on its final one-minute bar, explains it, keeps it in the store and the cache, and ranks it', async () => {
    // 120 days of a steady rise, then one more minute of trading on the last day.
    const ticks: Tick[] = [];
    for (let d = 0; d < 120; d++) {
      const p = 100 * 1.004 ** d;
      ticks.push({ symbol: 'MSFT', ts: T0 + d * DAY, seq: d, price: p, size: 10, bid: p - 0.01, ask: p + 0.01 });
    }
    await store.ticks.ingest(ticks);
    const bar = (await store.bars.range('MSFT', '1m', { limit: 1 }))[0]!;
    assert.ok(bar.final);
    const insights = bus.subscribe(subjects.insight('MSFT'));
    await bus.publish(subjects.bar('1m', 'MSFT'), envelope({ id: 'b1', type: 'bar', source: 'test', key: 'MSFT', data: bar }));
    let published: ReturnType<typeof insightPayload.read> | undefined;
    for await (const msg of insights) {
      published = insightPayload.read(msg.envelope);
      break;
    }
    insights.unsubscribe();
    assert.ok(published);
    assert.equal(published.asOf, bar.start + 60_000);
    const technical = published.components.find((c) => c.name === 'technical')!;
    assert.ok(technical.value !== null && technical.value > 0, 'a steady rise is bullish');
    assert.equal(technical.weight, 1, 'the only component present carries all the weight');
    assert.ok(published.notes.some((n) => n.includes('ai, sentiment, options missing')));
    assert.ok(Math.abs(published.components.reduce((s, c) => s + c.contribution, 0) - published.score) < 1e-9);

    const r = await call('/api/v1/insights/MSFT');
    assert.equal(r.status, 200);
    assert.equal(r.body.score, published.score);
    assert.deepEqual(await cache.get('insight:MSFT'), r.body);
    assert.equal(((await cache.get('analysis:history:MSFT')) as unknown[]).length, 1);
    const ranked = await call('/api/v1/insights?order=desc&limit=5');
    assert.deepEqual(
      ranked.body.data.map((i: { symbol: string }) => i.symbol),
      ['MSFT'],
    );
    const history = await call(`/api/v1/insights/MSFT?from=0&to=${Date.now()}`);
    assert.equal(history.body.history.length, 1);
  });

  it('answers 404 for a symbol with no insight yet, and 400 for a bad query', async () => {
    assert.equal((await call('/api/v1/insights/AAPL')).status, 404);
    assert.equal((await call('/api/v1/insights?limit=0')).status, 400);
  });

  it('reads its weights from BOURSE_INSIGHTS_WEIGHTS and refuses a bad one naming the variable', () => {
    assert.deepEqual(loadConfig({}).insights.weights, { technical: 0.4, ai: 0.3, sentiment: 0.2, options: 0.1 });
    assert.deepEqual(loadConfig({ BOURSE_INSIGHTS_WEIGHTS: 'technical=1' }).insights.weights, {
      technical: 1,
      ai: 0,
      sentiment: 0,
      options: 0,
    });
    for (const bad of ['technical=2', 'magic=0.5', 'ai', 'technical=0,ai=0']) {
      assert.throws(
        () => loadConfig({ BOURSE_INSIGHTS_WEIGHTS: bad }),
        (e: unknown) => e instanceof ConfigError && e.message.includes('BOURSE_INSIGHTS_WEIGHTS'),
      );
    }
  });
});
