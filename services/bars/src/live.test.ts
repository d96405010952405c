import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Tick } from '@bourse/core';
import { LiveBars } from './index.ts';

const t0 = Date.UTC(2026, 0, 5, 14, 30);
const tick = (ts: number, seq: number, price: number, size = 10): Tick => ({
  symbol: 'AAPL',
  ts,
  seq,
  price,
  size,
  bid: price - 0.01,
  ask: price + 0.01,
});

describe('LiveBars', () => {
  it('reports each changed open bar once, for every interval', () => {
    const live = new LiveBars(['1m', '5m']);
    live.add([tick(t0, 1, 100), tick(t0 + 1000, 2, 101)]);
    const changed = live.takeChanged();
    assert.deepEqual(changed.map((b) => b.interval).sort(), ['1m', '5m']);
    const m1 = changed.find((b) => b.interval === '1m')!;
    assert.deepEqual([m1.open, m1.high, m1.low, m1.close, m1.volume, m1.trades, m1.final], [100, 101, 100, 101, 20, 2, false]);
    assert.deepEqual(live.takeChanged(), []);
  });

  it('hands over bars whose interval has ended and keeps the rest', () => {
    const live = new LiveBars(['1m', '5m']);
    live.add([tick(t0, 1, 100), tick(t0 + 61_000, 2, 102)]);
    const ended = live.takeEnded(t0 + 60_000);
    assert.deepEqual(
      ended.map((a) => [a.interval, a.start]),
      [['1m', t0]],
    );
    assert.equal(live.size, 2);
  });

  it('builds the same bar whatever order the ticks arrive in', () => {
    const a = new LiveBars(['1m']);
    const b = new LiveBars(['1m']);
    const ticks = [tick(t0, 1, 100), tick(t0 + 10, 2, 99), tick(t0 + 20, 3, 103), tick(t0 + 30, 4, 101)];
    a.add(ticks);
    b.add([...ticks].reverse());
    assert.deepEqual(a.takeChanged(), b.takeChanged());
  });
});
