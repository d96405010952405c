import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, describe, it } from 'node:test';
import { BAR, type Bar, type Envelope, envelope, loadConfig, subjects, type Tick } from '@bourse/core';
import { startProcess } from '@bourse/kit';
import { indicatorsService } from './index.ts';

// TA-Lib (the `talib` package, built from its C sources) is the reference. It needs plain arrays.
const talib = createRequire(import.meta.url)('talib') as {
  execute(o: Record<string, unknown>): { begIndex: number; nbElement: number; result: Record<string, number[]> };
};
function ta(name: string, close: number[], extra: Record<string, unknown>): (number | null)[] {
  const r = talib.execute({ name, startIdx: 0, endIdx: close.length - 1, inReal: close, ...extra });
  const out: (number | null)[] = new Array(close.length).fill(null);
  const values = Object.values(r.result)[0]!;
  for (let i = 0; i < r.nbElement; i++) out[r.begIndex + i] = values[i]!;
  return out;
}
function close(a: (number | null)[], b: (number | null)[], what: string) {
  assert.equal(a.length, b.length, `${what} length`);
  for (let i = 0; i < a.length; i++) {
    if (a[i] === null || b[i] === null) assert.equal(a[i], b[i], `${what}[${i}]`);
    else assert.ok(Math.abs(a[i]! - b[i]!) <= 1e-9 * Math.max(1, Math.abs(b[i]!)), `${what}[${i}] ${a[i]} vs ${b[i]}`);
  }
}

describe('indicators service', async () => {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const running = await startProcess({
    config: { ...config, database: { kind: 'pglite', dir: 'memory://' } },
    modules: [indicatorsService],
    listen: false,
  });
  after(() => running.stop());
  const { store, bus } = running.ctx;

  // 120 one-minute bars of AAPL from one tick each: a random walk.
  const t0 = Date.UTC(2026, 0, 5, 14, 0);
  let price = 100;
  const ticks: Tick[] = [];
  for (let i = 0; i < 120; i++) {
    price *= 1 + Math.sin(i * 1.7) * 0.01;
    ticks.push({
      symbol: 'AAPL',
      ts: t0 + i * 60_000,
      seq: i + 1,
      price: Math.round(price * 100) / 100,
      size: 10 + (i % 7),
      bid: 1,
      ask: 2,
    });
  }
  await store.ticks.ingest(ticks);
  const closes = ticks.map((t) => t.price);

  const call = async (method: 'GET' | 'POST', url: string, payload?: object) => {
    const r = await running.app.inject({ method, url, ...(payload ? { payload } : {}) });
    return { status: r.statusCode, body: r.json() };
  };

  it('lists at least 40 indicators with parameters and outputs', async () => {
    const r = await call('GET', '/api/v1/indicators/available');
    assert.equal(r.status, 200);
    assert.ok(r.body.data.length >= 40, `${r.body.data.length}`);
    const rsi = r.body.data.find((d: { name: string }) => d.name === 'rsi');
    assert.deepEqual(
      rsi.parameters.map((p: { name: string }) => p.name),
      ['period'],
    );
    assert.deepEqual(rsi.outputs, ['value']);
    const macd = r.body.data.find((d: { name: string }) => d.name === 'macd');
    assert.deepEqual(macd.outputs, ['macd', 'signal', 'histogram']);
  });

  it('computes indicators over stored bars equal to TA-Lib', async () => {
    const r = await call('GET', '/api/v1/indicators/AAPL?interval=1m&indicators=rsi(14),macd(12,26,9),bbands(20,2),sma&limit=50');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.t.length, 50);
    assert.equal(r.body.t.at(-1), t0 + 119 * 60_000);
    const [rsi, macd, bbands, sma] = r.body.results;
    assert.equal(rsi.label, 'rsi(14)');
    assert.equal(rsi.lookback, 14);
    close(rsi.outputs.value, ta('RSI', closes, { optInTimePeriod: 14 }).slice(-50), 'rsi');
    close(macd.outputs.macd, ta('MACD', closes, { optInFastPeriod: 12, optInSlowPeriod: 26, optInSignalPeriod: 9 }).slice(-50), 'macd');
    assert.deepEqual(Object.keys(bbands.outputs), ['upper', 'middle', 'lower']);
    close(bbands.outputs.middle, ta('SMA', closes, { optInTimePeriod: 20 }).slice(-50), 'bbands middle');
    assert.equal(sma.label, 'sma(20)');
  });

  it('computes indicators over a posted series, null during warm-up', async () => {
    const r = await call('POST', '/api/v1/indicators/calculate', {
      series: { close: closes },
      indicators: [{ name: 'rsi', params: { period: 10 } }, 'ema(5)'],
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.length, 120);
    close(r.body.results[0].outputs.value, ta('RSI', closes, { optInTimePeriod: 10 }), 'rsi(10)');
    close(r.body.results[1].outputs.value, ta('EMA', closes, { optInTimePeriod: 5 }), 'ema(5)');
  });

  it('answers a series shorter than the lookback with all nulls and the lookback', async () => {
    const r = await call('POST', '/api/v1/indicators/calculate', { series: { close: [1, 2, 3] }, indicators: ['rsi(14)'] });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.results[0].outputs.value, [null, null, null]);
    assert.equal(r.body.results[0].lookback, 14);
  });

  it('computes for several symbols in one call', async () => {
    const r = await call('POST', '/api/v1/indicators/calculate', {
      symbols: ['AAPL', 'MSFT'],
      interval: '1m',
      indicators: ['sma(5)'],
      limit: 10,
    });
    assert.equal(r.status, 200);
    assert.deepEqual(
      r.body.data.map((d: { symbol: string }) => d.symbol),
      ['AAPL', 'MSFT'],
    );
    assert.equal(r.body.data[0].t.length, 10);
    assert.equal(r.body.data[1].t.length, 0);
  });

  it('rejects bad input with a 400 that names what is valid', async () => {
    const cases: [string, 'GET' | 'POST', object | undefined, RegExp][] = [
      ['/api/v1/indicators/AAPL?indicators=nope(3)', 'GET', undefined, /unknown indicator 'nope'; valid: .*rsi/],
      ['/api/v1/indicators/AAPL?indicators=rsi(1)', 'GET', undefined, /rsi\.period must be a number in \[2, /],
      ['/api/v1/indicators/AAPL?indicators=rsi(14', 'GET', undefined, /malformed/],
      ['/api/v1/indicators/AAPL?indicators=rsi(x)', 'GET', undefined, /rsi\.period must be a number/],
      [
        '/api/v1/indicators/calculate',
        'POST',
        { series: { close: [1, 2], high: [1] }, indicators: ['sma(2)'] },
        /body\.series\.close has 2 values but the other series have 1/,
      ],
      ['/api/v1/indicators/calculate', 'POST', { series: { close: [1, 'x'] }, indicators: ['sma(2)'] }, /body\.series\.close/],
      ['/api/v1/indicators/calculate', 'POST', { series: { close: [1, null] }, indicators: ['sma(2)'] }, /body\.series\.close/],
      ['/api/v1/indicators/calculate', 'POST', { series: { close: [1, 2] }, indicators: ['atr(14)'] }, /atr needs series high, low/],
      [
        '/api/v1/indicators/calculate',
        'POST',
        { indicators: [{ name: 'rsi', params: { length: 3 } }], series: { close: [1] } },
        /rsi has no parameter 'length'; valid: period/,
      ],
      ['/api/v1/indicators/calculate', 'POST', { indicators: ['rsi'] }, /must have series, symbol or symbols/],
    ];
    for (const [url, method, body, message] of cases) {
      const r = await call(method, url, body);
      assert.equal(r.status, 400, `${url} ${JSON.stringify(body)} -> ${r.status}`);
      assert.match(r.body.error.message, message);
    }
    const unknown = await call('GET', '/api/v1/indicators/NOPE?indicators=rsi');
    assert.equal(unknown.status, 404);
  });

  it('streams indicator updates as bars change, equal to a batch recomputation', async () => {
    const updates = bus.subscribe(subjects.indicatorsAll);
    await call('GET', '/api/v1/indicators/AAPL?interval=1m&indicators=rsi(14)&limit=5');
    const stored = await store.bars.range('AAPL', '1m', { limit: 500 });
    const next: Bar = {
      ...stored.at(-1)!,
      start: t0 + 120 * 60_000,
      open: 101,
      high: 102,
      low: 100,
      close: 101.5,
      volume: 5,
      trades: 1,
      vwap: 101.5,
      final: false,
    };
    await bus.publish(subjects.bar('1m', 'AAPL'), envelope({ id: 'it-bar-1', type: 'bar', source: 'it', key: 'AAPL', data: next }));
    let got: { start: number; values: Record<string, { value: number } | null> } | undefined;
    for await (const msg of updates) {
      got = msg.envelope.data as typeof got;
      break;
    }
    assert.equal(got!.start, next.start);
    const expected = ta('RSI', [...closes, 101.5], { optInTimePeriod: 14 }).at(-1)!;
    assert.ok(Math.abs(got!.values['rsi(14)']!.value - expected) < 1e-9, `${got!.values['rsi(14)']!.value} vs ${expected}`);
  });
});

describe('indicators following the bar stream', () => {
  it('skips a bar that fails the bar schema, logging the schema error as the reason, and reads the next one', {
    timeout: 120_000,
  }, async (t) => {
    // Warnings go to the central logs on the bus only, where the test reads them.
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'warn', BOURSE_LOG_STDOUT: 'false' });
    const running = await startProcess({
      config: { ...config, database: { kind: 'pglite', dir: 'memory://' } },
      modules: [indicatorsService],
      listen: false,
    });
    t.after(() => running.stop());
    const { bus } = running.ctx;
    const logs = bus.subscribe(subjects.logs('indicators'));
    const updates = bus.subscribe(subjects.indicator('1m', 'MSFT'));
    t.after(() => {
      logs.unsubscribe();
      updates.unsubscribe();
    });
    const r = await running.app.inject({ method: 'GET', url: '/api/v1/indicators/MSFT?interval=1m&indicators=rsi(14)&limit=5' });
    assert.equal(r.statusCode, 200);

    const start = Date.UTC(2026, 0, 5, 14, 0);
    const good: Bar = {
      symbol: 'MSFT',
      interval: '1m',
      start,
      open: 410,
      high: 411,
      low: 409,
      close: 410.5,
      volume: 30,
      trades: 3,
      vwap: 410.2,
      final: false,
    };
    const bad = { ...good, start: start + 60_000, high: Number.NaN }; // JSON carries NaN as null
    const publish = (id: string, data: unknown) =>
      bus.publish(subjects.bar('1m', 'MSFT'), envelope({ id, type: BAR, source: 'it', key: 'MSFT', data }));
    await publish('bar-bad', bad);
    await publish('bar-good', good);

    // Had the bad bar been read, its update (a minute later) would have come first.
    for await (const msg of updates) {
      assert.equal((msg.envelope.data as { start: number }).start, good.start);
      break;
    }
    let skipped: Record<string, unknown> | undefined;
    for await (const msg of logs) {
      const lines = (msg.envelope as Envelope<{ lines: Record<string, unknown>[] }>).data.lines;
      skipped = lines.find((l) => l.msg === 'skipped a bar message that does not read');
      if (skipped) break;
    }
    assert.equal(skipped?.reason, 'invalid bar: /high must be number');
    assert.equal(skipped?.id, 'bar-bad');
    const counter = await running.ctx.metrics.registry.getSingleMetric('bourse_indicators_bars_unreadable_total')?.get();
    assert.equal(counter?.values[0]?.value, 1);
  });
});
