import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getIndicator, IndicatorParamError, indicators, resolveParams } from '../registry.ts';
import { indicatorContract } from './contract.ts';
import type { IndicatorDefinition } from '../types.ts';

describe('indicator contract', () => {
  for (const def of indicators) describe(def.name, () => indicatorContract(def as unknown as IndicatorDefinition));
});

describe('registry', () => {
  it('describes at least 40 indicators with unique lower-case names', () => {
    assert.ok(indicators.length >= 40, `${indicators.length} indicators`);
    const names = indicators.map((d) => d.name);
    assert.equal(new Set(names).size, names.length);
    for (const n of names) assert.match(n, /^[a-z][a-z0-9_]*$/);
  });

  it('uses the parameter and output names fixed by the API', () => {
    const shape = (name: string) => {
      const d = getIndicator(name)!;
      return { params: d.params.map((p) => p.name), outputs: [...d.outputs] };
    };
    for (const n of ['sma', 'ema', 'wma', 'rsi', 'atr', 'cci', 'willr', 'mfi'])
      assert.deepEqual(shape(n), { params: ['period'], outputs: ['value'] });
    assert.deepEqual(shape('stddev').params[0], 'period');
    assert.deepEqual(shape('adx'), { params: ['period'], outputs: ['adx', 'plusDi', 'minusDi'] });
    assert.deepEqual(shape('macd'), { params: ['fast', 'slow', 'signal'], outputs: ['macd', 'signal', 'histogram'] });
    assert.deepEqual(shape('bbands'), { params: ['period', 'stdDev'], outputs: ['upper', 'middle', 'lower'] });
    assert.deepEqual(shape('stoch'), { params: ['kPeriod', 'kSmoothing', 'dPeriod'], outputs: ['k', 'd'] });
  });

  it('has defaults inside their own ranges', () => {
    for (const d of indicators) for (const p of d.params) assert.ok(p.min <= p.default && p.default <= p.max, `${d.name}.${p.name}`);
  });

  it('fills defaults and rejects unknown or out-of-range parameters', () => {
    const rsi = getIndicator('rsi')!;
    assert.deepEqual(resolveParams(rsi), { period: 14 });
    assert.deepEqual(resolveParams(rsi, { period: 7 }), { period: 7 });
    assert.throws(
      () => resolveParams(rsi, { length: 7 }),
      (e) => e instanceof IndicatorParamError && e.code === 'unknown_param' && /period/.test(e.message),
    );
    assert.throws(
      () => resolveParams(rsi, { period: 1 }),
      (e) => e instanceof IndicatorParamError && e.code === 'param_out_of_range',
    );
    assert.throws(
      () => resolveParams(rsi, { period: 2.5 }),
      (e) => e instanceof IndicatorParamError && e.code === 'param_not_integer',
    );
    assert.equal(getIndicator('nope'), undefined);
  });

  it('returns all-NaN outputs for a series shorter than the lookback', () => {
    const macd = getIndicator('macd')!;
    const params = resolveParams(macd);
    const out = macd.batch({ close: new Float64Array(10).fill(1) }, params);
    assert.equal(macd.lookback(params), 33);
    for (const name of macd.outputs) assert.ok(out[name]!.every(Number.isNaN));
  });
});
