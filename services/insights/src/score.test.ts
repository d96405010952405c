import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { composite, DEFAULT_WEIGHTS, labelOf, optionsValue, technicalValue } from './score.ts';

const NOW = Date.UTC(2026, 0, 5, 16);

describe('the composite score', () => {
  it('adds the contributions up to the score and shares a missing weight out in proportion', () => {
    const i = composite('AAPL', NOW, [
      { name: 'technical', value: 0.5, asOf: NOW },
      { name: 'ai', value: -0.2, asOf: NOW },
      { name: 'options', value: 1, asOf: NOW },
    ]);
    // sentiment (0.2) is missing: the others weigh 0.4/0.8, 0.3/0.8 and 0.1/0.8
    const expectedWeights = { technical: 0.5, ai: 0.375, sentiment: 0, options: 0.125 };
    for (const c of i.components) assert.ok(Math.abs(c.weight - expectedWeights[c.name]) < 1e-12, `${c.name} ${c.weight}`);
    const expected = 100 * (0.5 * 0.5 + 0.375 * -0.2 + 0.125 * 1);
    assert.ok(Math.abs(i.score - expected) < 1e-12);
    assert.ok(Math.abs(i.components.reduce((s, c) => s + c.contribution, 0) - i.score) < 1e-12);
    assert.equal(i.components.find((c) => c.name === 'sentiment')?.missing, 'no data');
    assert.match(i.notes[0]!, /sentiment missing: 0.2 of weight shared among technical, ai, options/);
    assert.equal(i.label, 'buy');
  });

  it('labels by thresholds and measures agreement and freshness in the confidence', () => {
    assert.deepEqual([-80, -60, -30, 0, 19.9, 20, 59, 60].map(labelOf), [
      'strong sell',
      'strong sell',
      'sell',
      'neutral',
      'neutral',
      'buy',
      'buy',
      'strong buy',
    ]);
    const agree = composite('X', NOW, [
      { name: 'technical', value: 0.6, asOf: NOW },
      { name: 'ai', value: 0.6, asOf: NOW },
    ]);
    assert.ok(Math.abs(agree.confidence - 1) < 1e-12, 'fresh and unanimous');
    const split = composite('X', NOW, [
      { name: 'technical', value: 0.6, asOf: NOW },
      { name: 'ai', value: -0.8, asOf: NOW },
    ]);
    // weights 4/7 and 3/7: |0.6*4/7 - 0.8*3/7| / (0.6*4/7 + 0.8*3/7) = 0 / 4.8 = 0
    assert.ok(Math.abs(split.confidence) < 1e-12);
    const stale = composite('X', NOW, [{ name: 'technical', value: 0.6, asOf: NOW - 2 * 86_400_000 }]);
    assert.ok(Math.abs(stale.confidence - 0.5) < 1e-12, 'one half-life old');
  });

  it('clips values, and with nothing known scores 0 with every component missing', () => {
    assert.equal(composite('X', NOW, [{ name: 'ai', value: 3, asOf: NOW }]).score, 100);
    const none = composite('X', NOW, []);
    assert.deepEqual([none.score, none.label, none.confidence], [0, 'neutral', 0]);
    assert.ok(none.components.every((c) => c.value === null));
    assert.deepEqual(DEFAULT_WEIGHTS, { technical: 0.4, ai: 0.3, sentiment: 0.2, options: 0.1 });
  });
});

describe('the components', () => {
  const series = (f: (i: number) => number, n = 120) => {
    const close = Float64Array.from({ length: n }, (_, i) => f(i));
    return { close, high: close.map((c) => c * 1.01), low: close.map((c) => c * 0.99) };
  };

  it('technical: a steady uptrend is bullish, a steady downtrend bearish, too little history undefined', () => {
    const up = technicalValue(series((i) => 100 * 1.003 ** i + Math.sin(i)));
    const down = technicalValue(series((i) => 100 * 0.997 ** i + Math.sin(i)));
    // trend votes +-1; a close pressing on the outer band votes a little against the move
    assert.ok(up.value > 0.2, `${up.value}`);
    assert.ok(down.value < -0.2, `${down.value}`);
    assert.equal(up.detail.trend, 1);
    assert.equal(down.detail.trend, -1);
    assert.ok(Number.isNaN(technicalValue(series((i) => 100 + i, 49)).value));
  });

  it('options: PCR below 1 and calls over puts lean bullish; one part alone counts alone', () => {
    assert.equal(optionsValue(0.5, 0.05), 1);
    assert.equal(optionsValue(1.5, -0.05), -1);
    assert.equal(optionsValue(1, null), 0);
    assert.equal(optionsValue(null, 0.025), 0.5);
    assert.ok(Number.isNaN(optionsValue(null, null)));
  });
});
