import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { type AiSignal, aiSignalPayload, envelope, loadConfig, subjects, type Tick } from '@bourse/core';
import { startProcess } from '@bourse/kit';
import { normalFrom, seededRandom } from '@bourse/quant/ml';
import { aiService } from './index.ts';
import { loadModel, scoreSymbol } from './scoring.ts';
import { DEFAULT_MODEL, NotEnoughHistoryError, train } from './training.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2023, 0, 2);
const SYMBOLS = ['AAPL', 'MSFT', 'SPY'];

/** One tick a day per symbol, a random walk from 100 (its 1d bars are the daily closes). */
function dailyTicks(days: number, seed: number): Tick[] {
  const random = seededRandom(seed);
  const ticks: Tick[] = [];
  for (const symbol of SYMBOLS) {
    let p = 100;
    for (let d = 0; d < days; d++) {
      p *= Math.exp(0.01 * normalFrom(random));
      ticks.push({ symbol, ts: T0 + d * DAY + 15 * 3_600_000, seq: d, price: p, size: 100 + d, bid: p * 0.999, ask: p * 1.001 });
    }
  }
  return ticks;
}

describe('ai service', async () => {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', BOURSE_AI_JOB_POLL_MS: '50' });
  const running = await startProcess({
    config: { ...config, database: { kind: 'pglite', dir: 'memory://' } },
    modules: [aiService],
    listen: false,
  });
  after(() => running.stop());
  const { store, bus } = running.ctx;
  const call = async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const r = await running.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: r.statusCode, body: r.json() };
  };

  it('postpones the default model while the history is too short, naming what it has', async () => {
    await assert.rejects(train(store, { ...DEFAULT_MODEL, universe: SYMBOLS }, 'test'), NotEnoughHistoryError);
  });

  it('trains the default model once there is history, activates it and emits a signal per symbol with its out-of-sample record', async () => {
    const signals = bus.subscribe(subjects.signalsAll);
    await store.ticks.ingest(dailyTicks(400, 1));
    // The worker retries the default model's job a minute after it failed; queue it again now.
    await store.ai.requeueJob('default', { ...DEFAULT_MODEL, universe: SYMBOLS }, 'system');
    const seen: AiSignal[] = [];
    for await (const msg of signals) {
      seen.push(aiSignalPayload.read(msg.envelope));
      if (seen.length === SYMBOLS.length) break;
    }
    signals.unsubscribe();
    const models = (await call('GET', '/api/v1/ai/models?status=active')).body.data;
    assert.equal(models.length, 1);
    const m = models[0];
    assert.deepEqual([m.name, m.kind, m.interval, m.horizon, m.status], ['default', 'logistic', '1d', 5, 'active']);
    // A random walk: the honest out-of-sample AUC is near 0.5 and the model is flagged as no better than chance.
    assert.ok(Math.abs(m.metrics.auc - 0.5) < 0.1, `AUC ${m.metrics.auc}`);
    assert.equal(m.aboveChance, false);
    assert.equal(m.metrics.folds.length, 5);
    for (const f of m.metrics.folds) assert.ok(f.trainRows > 0);
    assert.deepEqual(seen.map((s) => s.symbol).sort(), [...SYMBOLS].sort());
    for (const s of seen) {
      assert.equal(s.modelId, m.id);
      assert.equal(s.asOf, T0 + 399 * DAY + DAY, 'as of the close of the last final daily bar');
      assert.equal(s.signal, s.probability > 0.55 ? 'buy' : s.probability < 0.45 ? 'sell' : 'hold');
      assert.equal(s.topFeatures.length, 3);
      assert.equal(s.oos.aboveChance, false);
    }
    const r = await call('GET', '/api/v1/ai/signals/AAPL');
    assert.equal(r.status, 200);
    assert.equal(r.body.latest.modelId, m.id);
    const detail = await call('GET', `/api/v1/ai/models/${m.id}`);
    assert.equal(detail.body.artefact.kind, 'logistic');
    assert.equal((await call('GET', '/api/v1/ai/jobs/default')).body.state, 'succeeded');
  });

  it('scores a final bar once, as of its close, from the bars up to it only', async () => {
    const [record] = await store.ai.models({ status: 'active' });
    assert.ok(record);
    const model = loadModel(record);
    const at = T0 + 300 * DAY;
    const before = await scoreSymbol(store, model, 'MSFT', at);
    assert.equal(before?.asOf, at + DAY);
    // Appending bars after it changes nothing about that bar's signal (point in time).
    await store.ticks.ingest(dailyTicks(420, 1).filter((t) => t.ts > T0 + 400 * DAY));
    assert.deepEqual(await scoreSymbol(store, model, 'MSFT', at), before);

    const bars = await store.bars.range('MSFT', '1d', { limit: 2 });
    const final = bars.find((b) => b.final)!;
    const signals = bus.subscribe(subjects.signal('MSFT'));
    const env = envelope({ id: `bar:test:${final.start}`, type: 'bar', source: 'test', key: 'MSFT', data: final });
    await bus.publish(subjects.bar('1d', 'MSFT'), env);
    await bus.publish(subjects.bar('1d', 'MSFT'), { ...env, id: `${env.id}:again` });
    for await (const msg of signals) {
      assert.equal(aiSignalPayload.read(msg.envelope).asOf, final.start + DAY);
      break;
    }
    signals.unsubscribe();
    const history = await call('GET', `/api/v1/ai/signals/MSFT?from=${final.start}&to=${final.start + 2 * DAY}`);
    assert.equal(history.body.history.length, 1, 'a bar delivered twice gives one signal');
  });

  it('backtests a posted series: a random walk is not predictable; bad input is a 400 naming the field', async () => {
    const random = seededRandom(4);
    const close: number[] = [];
    let p = 100;
    for (let i = 0; i < 1500; i++) {
      p *= Math.exp(0.01 * normalFrom(random));
      close.push(p);
    }
    const series = { high: close.map((c) => c * 1.01), low: close.map((c) => c * 0.99), close, volume: close.map(() => 1000) };
    const ok = await call('POST', '/api/v1/ai/backtest', { series, model: { kind: 'logistic' }, horizon: 1, folds: 4, costBps: 5 });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.folds.length, 4);
    assert.ok(Math.abs(ok.body.metrics.auc - 0.5) < 0.06, `AUC ${ok.body.metrics.auc}`);
    assert.equal(ok.body.metrics.aboveChance, false);
    for (const k of ['totalReturn', 'sharpe', 'maxDrawdown', 'turnover']) assert.equal(typeof ok.body.strategy[k], 'number', k);

    const bad = async (body: unknown, field: string) => {
      const r = await call('POST', '/api/v1/ai/backtest', body);
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.match(r.body.error.message, new RegExp(field), r.body.error.message);
    };
    await bad({ series: { ...series, volume: series.volume.slice(1) }, model: { kind: 'gbdt' }, horizon: 1 }, 'series.volume');
    await bad({ series, model: { kind: 'forest' }, horizon: 1 }, 'kind');
    await bad({ series, model: { kind: 'logistic' }, horizon: 1, features: ['rsi_99'] }, 'unknown feature rsi_99');
    await bad(
      { series: { high: [1, 2], low: [1, 2], close: [1, 2], volume: [1, 1] }, model: { kind: 'logistic' }, horizon: 1 },
      'too short',
    );
    await bad({ series: { ...series, close: [...close.slice(1), null] }, model: { kind: 'logistic' }, horizon: 1 }, 'close');
    await bad({ series: { ...series, low: [...series.low.slice(1), -1] }, model: { kind: 'logistic' }, horizon: 1 }, 'series.low');
  });

  it('needs a user for training and an admin to activate; unknown ids are 404', async () => {
    assert.equal((await call('POST', '/api/v1/ai/models/train', { kind: 'gbdt', horizon: 5, interval: '1d' })).status, 401);
    assert.equal((await call('POST', '/api/v1/ai/models/m_x/activate')).status, 401);
    assert.equal((await call('GET', '/api/v1/ai/models/m_missing')).status, 404);
    assert.equal((await call('GET', '/api/v1/ai/jobs/j_missing')).status, 404);
  });
});
