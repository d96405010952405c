import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProviderError } from '../port.ts';
import { SyntheticHistory } from './history.ts';
import { liveStart } from './live-start.ts';
import { SyntheticSource } from './source.ts';

const NOW = Date.UTC(2026, 2, 10, 12, 0, 30);
const MIN = 60_000;

describe('the synthetic source', () => {
  it('serves finished bars in [from, to) tagged with their source, in pieces past the generator limit', async () => {
    const source = new SyntheticSource({ seed: 3, now: () => NOW });
    const from = NOW - 40 * 86_400_000;
    const bars = await source.history('AAPL', '1m', from, NOW);
    // 40 days of minutes is more than one call of the generator draws.
    assert.equal(bars.length, Math.floor(NOW / MIN) - Math.ceil(from / MIN));
    assert.ok(bars.every((b, i) => b.source === 'synthetic' && b.start === Math.ceil(from / MIN) * MIN + i * MIN));
    assert.ok(bars.at(-1)!.start + MIN <= NOW);
  });

  it('describes its instruments and refuses others as not found', async () => {
    const source = new SyntheticSource({ seed: 3 });
    assert.deepEqual(await source.instrument('FPT'), {
      symbol: 'FPT',
      name: 'FPT Corporation',
      exchange: 'HOSE',
      currency: 'VND',
      assetClass: 'equity',
    });
    await assert.rejects(source.history('NOPE', '1d', 0, NOW), (e: unknown) => e instanceof ProviderError && e.kind === 'not_found');
    assert.equal(source.providerSymbol('NOPE'), undefined);
  });

  it("starts the live feed at the last whole minute's close, or where it stood if it ticked a moment ago", async () => {
    const history = new SyntheticHistory({ seed: 3 });
    const source = new SyntheticSource({ seed: 3, now: () => NOW });
    const [last] = (await source.history('MSFT', '1m', NOW - MIN - 30_000, NOW)).slice(-1);
    const fresh = liveStart(history, ['MSFT'], {}, NOW);
    assert.deepEqual(fresh.MSFT, { price: last!.close, seq: 0, ts: NOW });
    const recent = { price: 1, seq: 9, ts: NOW - 20_000 };
    assert.deepEqual(liveStart(history, ['MSFT'], { MSFT: recent }, NOW).MSFT, recent);
    // A day later: from the history again, the seq going on.
    const old = liveStart(history, ['MSFT'], { MSFT: { price: 1, seq: 9, ts: NOW - 86_400_000 } }, NOW);
    assert.deepEqual(old.MSFT, { price: last!.close, seq: 9, ts: NOW });
  });
});
