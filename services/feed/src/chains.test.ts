import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ChainExpiry, type OptionChainMessage, occSymbol, parseOccSymbol } from '@bourse/core';
import { bsmImpliedVol, bsmPrice, priceAndGreeks, sviButterflyArbitrage, sviImpliedVol } from '@bourse/quant/options';
import { dayToDate, lastWeekday, nyseHolidays, thirdFriday } from './calendar.ts';
import { ChainGenerator, listExpiries, listStrikes, NSE_HOLIDAYS, ssviSlice, underlyingSpec } from './chains.ts';
import { MS_PER_YEAR } from './market.ts';

// Wednesday 7 January 2026, 18:00 UTC.
const T0 = Date.UTC(2026, 0, 7, 18, 0);
const SPOT: Record<string, number> = { SPX: 5782.1, SPY: 578.4, AAPL: 228.5, NIFTY: 24180.8, BANKNIFTY: 51530.5, 'BTC-USD': 67250 };

const iso = (ts: number) => new Date(ts).toISOString();

function onGrid(x: number, step: number): boolean {
  const k = x / step;
  return Math.abs(k - Math.round(k)) < 1e-9;
}

function chainsAt(seed: number, ts = T0): OptionChainMessage[] {
  const g = new ChainGenerator({ seed });
  return g.underlyings.map((u) => g.generate(u, SPOT[u]!, ts));
}

/** Each contract of an expiry with its OTM/ITM standard-deviation distance from the forward. */
function* contracts(e: ChainExpiry) {
  const sd = Math.sqrt(sviImpliedVol(e.svi, 0, e.timeToExpiry) ** 2 * e.timeToExpiry);
  for (let i = 0; i < e.strikes.length; i++) {
    const z = Math.log(e.strikes[i]! / e.forward) / sd;
    for (const type of ['call', 'put'] as const) yield { i, type, strike: e.strikes[i]!, z, side: e[type] };
  }
}

describe('option chain calendars', () => {
  it('finds third Fridays', () => {
    assert.equal(dayToDate(thirdFriday(2026, 0)), '2026-01-16');
    assert.equal(dayToDate(thirdFriday(2025, 2)), '2025-03-21');
    assert.equal(dayToDate(thirdFriday(2026, 11)), '2026-12-18');
    assert.equal(dayToDate(thirdFriday(2026, 4)), '2026-05-15'); // May 2026 starts on a Friday
  });

  it('finds the last given weekday of a month', () => {
    assert.equal(dayToDate(lastWeekday(2026, 0, 4)), '2026-01-29'); // Thursday
    assert.equal(dayToDate(lastWeekday(2026, 1, 4)), '2026-02-26');
    assert.equal(dayToDate(lastWeekday(2026, 0, 2)), '2026-01-27'); // Tuesday
    assert.equal(dayToDate(lastWeekday(2026, 0, 5)), '2026-01-30'); // Friday
    assert.equal(dayToDate(lastWeekday(2025, 11, 3)), '2025-12-31'); // the month's last day itself
  });

  it('lists US weekly Fridays and third-Friday monthlies at 16:00 New York, SPXW for SPX weeklies', () => {
    const list = listExpiries(underlyingSpec('SPX'), T0);
    assert.deepEqual(
      list.map((e) => `${e.expiry} ${e.kind} ${e.root} ${iso(e.expiryTs).slice(11, 16)}`),
      [
        '2026-01-09 weekly SPXW 21:00',
        '2026-01-16 monthly SPX 21:00',
        '2026-01-23 weekly SPXW 21:00',
        '2026-01-30 weekly SPXW 21:00',
        '2026-02-06 weekly SPXW 21:00',
        '2026-02-20 monthly SPX 21:00',
        '2026-03-20 monthly SPX 20:00', // summer time from 8 March
        '2026-04-17 monthly SPX 20:00',
        '2026-05-15 monthly SPX 20:00',
        '2026-06-18 monthly SPX 20:00', // Friday 19 June is Juneteenth: Thursday
      ],
    );
    for (const e of list) assert.equal(iso(e.expiryTs).slice(0, 10), e.expiry);
    assert.ok(list.every((e) => new Date(e.expiryTs).getUTCDay() === (e.expiry === '2026-06-18' ? 4 : 5)));
  });

  it('drops an expiry once its time of day has passed', () => {
    const friday = Date.UTC(2026, 0, 9, 20, 59);
    assert.equal(listExpiries(underlyingSpec('SPY'), friday)[0]!.expiry, '2026-01-09');
    assert.equal(listExpiries(underlyingSpec('SPY'), friday + 60_000)[0]!.expiry, '2026-01-16');
    // In summer the same Friday expiry goes an hour earlier in UTC.
    const july = Date.UTC(2026, 6, 10, 19, 59);
    assert.equal(listExpiries(underlyingSpec('SPY'), july)[0]!.expiry, '2026-07-10');
    assert.equal(listExpiries(underlyingSpec('SPY'), july + 60_000)[0]!.expiry, '2026-07-17');
  });

  it('follows New York summer time: 20:00 UTC in July, 21:00 UTC in December, switching in the March and November weeks', () => {
    const at = (symbol: string, ts: number, n: number) =>
      listExpiries(underlyingSpec(symbol), ts)
        .slice(0, n)
        .map((e) => `${e.expiry} ${iso(e.expiryTs).slice(11, 16)}`);
    // Friday 3 July 2026 is Independence Day observed: that week's expiry is Thursday 2 July.
    assert.deepEqual(at('SPX', Date.UTC(2026, 6, 1, 12), 3), ['2026-07-02 20:00', '2026-07-10 20:00', '2026-07-17 20:00']);
    assert.deepEqual(at('SPX', Date.UTC(2026, 11, 1, 12), 3), ['2026-12-04 21:00', '2026-12-11 21:00', '2026-12-18 21:00']);
    // Clocks go forward on Sunday 8 March 2026 and back on Sunday 1 November 2026.
    assert.deepEqual(at('SPY', Date.UTC(2026, 2, 2, 12), 3), ['2026-03-06 21:00', '2026-03-13 20:00', '2026-03-20 20:00']);
    assert.deepEqual(at('AAPL', Date.UTC(2026, 9, 26, 12), 3), ['2026-10-30 20:00', '2026-11-06 21:00', '2026-11-13 21:00']);
    // Friday 6 March 2026, 20:30 UTC: still before the 21:00 UTC (16:00 EST) expiry.
    assert.equal(at('SPY', Date.UTC(2026, 2, 6, 20, 30), 1)[0], '2026-03-06 21:00');
    // Friday 13 March 2026, 20:30 UTC: 16:30 EDT, past it.
    assert.equal(at('SPY', Date.UTC(2026, 2, 13, 20, 30), 1)[0], '2026-03-20 20:00');
  });

  it('moves an expiry on an NYSE holiday to the trading day before: Good Friday on Thursday', () => {
    const list = listExpiries(underlyingSpec('SPX'), Date.UTC(2026, 2, 30, 12));
    const weeklies = list.filter((e) => e.kind === 'weekly').map((e) => `${e.expiry} ${e.root} ${iso(e.expiryTs)}`);
    assert.equal(weeklies[0], '2026-04-02 SPXW 2026-04-02T20:00:00.000Z'); // Good Friday is 3 April 2026
    assert.ok(!list.some((e) => e.expiry === '2026-04-03'));
    assert.equal(list.filter((e) => e.kind === 'weekly')[1]!.expiry, '2026-04-10');
    // April 2025: Good Friday was the third Friday, and the monthly expired on Thursday the 17th.
    const april2025 = listExpiries(underlyingSpec('SPX'), Date.UTC(2025, 3, 14, 12)).find((e) => e.kind === 'monthly')!;
    assert.deepEqual([april2025.expiry, iso(april2025.expiryTs)], ['2025-04-17', '2025-04-17T20:00:00.000Z']);
    assert.equal(occSymbol(april2025.root, april2025.expiry, 'call', 5000), 'SPX   250417C05000000');
  });

  it('keeps Thanksgiving-week Friday expiries, at the 13:00 New York early close, and moves Thursday ones to Wednesday', () => {
    const week = Date.UTC(2026, 10, 23, 15); // Monday 23 November 2026; Thanksgiving is Thursday the 26th
    const friday = listExpiries(underlyingSpec('SPY'), week)[0]!;
    assert.deepEqual([friday.expiry, iso(friday.expiryTs)], ['2026-11-27', '2026-11-27T18:00:00.000Z']);
    const thursday = listExpiries(underlyingSpec('SPY', { weeklyWeekday: 4 }), week)[0]!;
    assert.deepEqual([thursday.expiry, iso(thursday.expiryTs)], ['2026-11-25', '2026-11-25T21:00:00.000Z']);
    // Christmas 2026 is a Friday: that week's expiry is Thursday 24 December, an early close too.
    const christmas = listExpiries(underlyingSpec('SPY'), Date.UTC(2026, 11, 21, 15))[0]!;
    assert.deepEqual([christmas.expiry, iso(christmas.expiryTs)], ['2026-12-24', '2026-12-24T18:00:00.000Z']);
  });

  it('lists NSE weeklies on Tuesday by default and on a configured weekday, monthlies on the last one, at 15:30 IST', () => {
    const tuesday = listExpiries(underlyingSpec('NIFTY'), T0);
    assert.deepEqual(
      tuesday.map((e) => `${e.expiry} ${e.kind}`),
      [
        '2026-01-13 weekly',
        '2026-01-20 weekly',
        '2026-01-27 monthly',
        '2026-02-03 weekly',
        '2026-02-24 monthly',
        '2026-03-30 monthly', // Tuesday 31 March 2026 is an NSE holiday (Mahavir Jayanti): Monday
      ],
    );
    assert.ok(tuesday.every((e) => iso(e.expiryTs) === `${e.expiry}T10:00:00.000Z`));
    const banknifty = listExpiries(underlyingSpec('BANKNIFTY'), T0);
    assert.deepEqual(
      banknifty.filter((e) => e.kind === 'monthly').map((e) => `${e.expiry} ${e.root}`),
      ['2026-01-27 BNF', '2026-02-24 BNF', '2026-03-30 BNF'],
    );
    // The pre-September-2025 Thursday convention, configured: the NSE holidays of 2026 move it too.
    const thursday = listExpiries(underlyingSpec('NIFTY', { weeklyWeekday: 4 }), T0);
    assert.deepEqual(
      thursday.map((e) => `${e.expiry} ${e.kind}`),
      [
        '2026-01-08 weekly',
        '2026-01-14 weekly', // Thursday 15 January: Maharashtra municipal elections
        '2026-01-22 weekly',
        '2026-01-29 monthly',
        '2026-02-26 monthly',
        '2026-03-25 monthly', // Thursday 26 March: Ram Navami
      ],
    );
  });

  it('applies the NSE holiday list, and a configured one in its place', () => {
    const march = Date.UTC(2026, 1, 27, 12);
    const days = (overrides = {}) =>
      listExpiries(underlyingSpec('NIFTY', overrides), march)
        .slice(0, 5)
        .map((e) => e.expiry);
    // Tuesday 3 March is Holi and 31 March Mahavir Jayanti.
    assert.deepEqual(days(), ['2026-03-02', '2026-03-10', '2026-03-17', '2026-03-24', '2026-03-30']);
    assert.deepEqual(days({ holidays: [] }), ['2026-03-03', '2026-03-10', '2026-03-17', '2026-03-24', '2026-03-31']);
    assert.deepEqual(days({ holidays: ['2026-03-10', '2026-03-09'] }), [
      '2026-03-03',
      '2026-03-06',
      '2026-03-17',
      '2026-03-24',
      '2026-03-31',
    ]);
    for (const date of NSE_HOLIDAYS) assert.notEqual(new Date(`${date}T00:00:00Z`).getUTCDay() % 6, 0, `${date} is a weekday`);
  });

  it('lists crypto dailies and Friday weeklies at 08:00 UTC', () => {
    const list = listExpiries(underlyingSpec('BTC-USD'), T0);
    const dailies = list.filter((e) => e.kind === 'daily').map((e) => e.expiry);
    assert.deepEqual(dailies.slice(0, 3), ['2026-01-08', '2026-01-10', '2026-01-11']); // the 9th is a Friday weekly
    assert.deepEqual(
      list.filter((e) => e.kind === 'weekly').map((e) => e.expiry),
      ['2026-01-09', '2026-01-16', '2026-01-23'],
    );
    assert.ok(list.some((e) => e.kind === 'monthly' && e.expiry === '2026-01-30'));
    assert.ok(list.every((e) => new Date(e.expiryTs).toISOString().endsWith('T08:00:00.000Z')));
  });

  it('keeps crypto dailies every day at 08:00 UTC through DST changes and exchange holidays', () => {
    for (const ts of [Date.UTC(2026, 2, 5, 12), Date.UTC(2026, 3, 1, 12), Date.UTC(2026, 9, 29, 12), Date.UTC(2026, 11, 22, 12)]) {
      const list = listExpiries(underlyingSpec('BTC-USD'), ts);
      const first = list.slice(0, 7);
      const start = Math.floor(ts / 86_400_000) + 1;
      assert.deepEqual(
        first.map((e) => iso(e.expiryTs)),
        first.map((_, i) => `${iso((start + i) * 86_400_000).slice(0, 10)}T08:00:00.000Z`),
      );
    }
    // Good Friday and Christmas Day: Deribit lists them like any other Friday.
    assert.ok(listExpiries(underlyingSpec('BTC-USD'), Date.UTC(2026, 3, 1)).some((e) => e.expiry === '2026-04-03' && e.kind === 'weekly'));
    assert.ok(
      listExpiries(underlyingSpec('BTC-USD'), Date.UTC(2026, 11, 21)).some((e) => e.expiry === '2026-12-25' && e.kind === 'monthly'),
    );
  });

  it('never lists an exchange expiry on a weekend or a holiday, over two years', () => {
    const closed = new Set([...nyseHolidays(2026), ...nyseHolidays(2027)].map(dayToDate));
    for (let ts = Date.UTC(2026, 0, 1, 13); ts < Date.UTC(2028, 0, 1); ts += 3 * 86_400_000 + 3_600_000) {
      for (const symbol of ['SPX', 'AAPL', 'NIFTY', 'BANKNIFTY']) {
        const spec = underlyingSpec(symbol);
        for (const e of listExpiries(spec, ts)) {
          const wd = new Date(`${e.expiry}T00:00:00Z`).getUTCDay();
          assert.ok(wd >= 1 && wd <= 5, `${symbol} ${e.expiry}`);
          assert.ok(!(spec.market === 'us' ? closed.has(e.expiry) : NSE_HOLIDAYS.includes(e.expiry)), `${symbol} ${e.expiry}`);
          assert.ok(e.expiryTs > ts);
        }
      }
    }
  });

  it('refuses an unknown time zone, a malformed holiday and an expiry time outside the day', () => {
    assert.throws(() => underlyingSpec('SPX', { timeZone: 'America/Nowhere' }), /SPX.*time zone/i);
    assert.throws(() => underlyingSpec('NIFTY', { holidays: ['2026-02-30'] }), /NIFTY.*2026-02-30/);
    assert.throws(() => underlyingSpec('SPY', { expiryMinutes: 24 * 60 }), /expiryMinutes/);
    assert.throws(() => underlyingSpec('SPY', { sessionOpenMinutes: 9.5 }), /sessionOpenMinutes/);
  });
});

describe('ChainGenerator', () => {
  it('gives identical chains for the same seed and calls, different ones for another seed', () => {
    const run = (seed: number) => {
      const g = new ChainGenerator({ seed, underlyings: ['SPX', 'BTC-USD'] });
      const out = [];
      for (let i = 0; i < 5; i++) {
        out.push(g.generate('SPX', 5782.1 * (1 + 0.001 * Math.sin(i)), T0 + i * 5000));
        out.push(g.generate('BTC-USD', 67250 * (1 - 0.002 * i), T0 + i * 5000));
      }
      return JSON.stringify(out);
    };
    assert.equal(run(42), run(42));
    assert.notEqual(run(42), run(43));
  });

  it('prices to the expiry instant in the exchange time zone: timeToExpiry from it', () => {
    const g = new ChainGenerator({ seed: 42, underlyings: ['SPX', 'NIFTY', 'BTC-USD'] });
    const ts = Date.UTC(2026, 6, 1, 14, 30); // Wednesday 1 July 2026, 10:30 New York
    const spx = g.generate('SPX', 5782.1, ts);
    const front = spx.expiries[0]!;
    assert.deepEqual([front.expiry, front.expiryTs], ['2026-07-02', Date.UTC(2026, 6, 2, 20)]); // Friday 3 July is a holiday
    for (const chain of [spx, g.generate('NIFTY', 24180.8, ts), g.generate('BTC-USD', 67250, ts)]) {
      assert.deepEqual(
        chain.expiries.map((e) => [e.expiryTs, e.timeToExpiry]),
        listExpiries(underlyingSpec(chain.underlying), ts).map((e) => [e.expiryTs, (e.expiryTs - ts) / MS_PER_YEAR]),
      );
    }
    assert.equal(front.timeToExpiry, (29.5 * 3_600_000) / MS_PER_YEAR);
  });

  it('starts the trading day at the local session open, summer time included', () => {
    const volume = (c: OptionChainMessage) => c.expiries.reduce((s, e) => s + e.call.volume.reduce((a, b) => a + b, 0), 0);
    // 09:29 and 09:31 New York: 13:29 and 13:31 UTC in July, 14:29 and 14:31 UTC in January.
    for (const [before, after] of [
      [Date.UTC(2026, 6, 8, 13, 29), Date.UTC(2026, 6, 8, 13, 31)],
      [Date.UTC(2026, 0, 7, 14, 29), Date.UTC(2026, 0, 7, 14, 31)],
    ] as const) {
      const g = new ChainGenerator({ seed: 42, underlyings: ['SPY'] });
      const late = volume(g.generate('SPY', 578.4, before));
      const early = volume(g.generate('SPY', 578.4, after));
      assert.ok(late > 1000 && early < late / 100, `${iso(before)}: ${late} then ${early}`);
    }
  });

  it('names every contract in OCC format and lists strikes on the market step', () => {
    for (const chain of chainsAt(42)) {
      const spec = underlyingSpec(chain.underlying);
      assert.ok(chain.expiries.length >= 5, chain.underlying);
      for (const e of chain.expiries) {
        assert.ok(e.strikes.length >= 8, `${chain.underlying} ${e.expiry}: ${e.strikes.length} strikes`);
        for (let i = 0; i < e.strikes.length; i++) {
          const k = e.strikes[i]!;
          if (i > 0) assert.ok(k > e.strikes[i - 1]!, 'ascending');
          const near = Math.abs(k / chain.spot - 1) <= spec.nearBand;
          assert.ok(onGrid(k, near ? spec.step : spec.farStep), `${chain.underlying} strike ${k}`);
          const name = occSymbol(e.root, e.expiry, 'call', k);
          assert.equal(name.length, k < 100_000 ? 21 : 22);
          assert.deepEqual(parseOccSymbol(name), { root: e.root, expiry: e.expiry, type: 'call', strike: k });
        }
      }
    }
    const nifty = listStrikes(underlyingSpec('NIFTY'), 24180.8, 0.1);
    assert.ok(nifty.includes(24200) && nifty.includes(24150) && !nifty.includes(24175));
  });

  it('lists BTC-USD strikes above 100,000 with one parseable name per contract', () => {
    const g = new ChainGenerator({ seed: 42, underlyings: ['BTC-USD', 'FPT'] });
    for (const [symbol, spot] of [
      ['BTC-USD', 67_250],
      ['BTC-USD', 98_000],
      ['BTC-USD', 152_300],
      ['FPT', 133_500],
    ] as const) {
      const chain = g.generate(symbol, spot, T0);
      const names = new Set<string>();
      let wide = 0;
      for (const e of chain.expiries) {
        const width = Math.min(0.4, Math.max(0.04, 3.5 * sviImpliedVol(e.svi, 0, e.timeToExpiry) * Math.sqrt(e.timeToExpiry)));
        // The chain spans the whole ±width band: nothing above 99,999.999 is left out any more.
        assert.ok(
          e.strikes.at(-1)! >= spot * Math.exp(width * 0.97) - 5000,
          `${symbol} ${spot} ${e.expiry}: top strike ${e.strikes.at(-1)}`,
        );
        for (const k of e.strikes) {
          for (const type of ['call', 'put'] as const) {
            const name = occSymbol(e.root, e.expiry, type, k);
            assert.ok(!names.has(name), name);
            names.add(name);
            if (k >= 100_000) wide++;
            assert.deepEqual(parseOccSymbol(name), { root: e.root, expiry: e.expiry, type, strike: k });
          }
        }
      }
      if (spot > 90_000) assert.ok(wide > 0, `${symbol} at ${spot} lists strikes of 100,000 and more`);
    }
  });

  it('refuses two underlyings that would share an OCC root', () => {
    assert.throws(() => new ChainGenerator({ seed: 1, underlyings: ['SPX', 'SPY'], specs: { SPY: { root: 'SPXW' } } }), /SPXW/);
  });

  it('quotes bid < ask on the tick grid, bid >= 0, last within the quote', () => {
    for (const chain of chainsAt(42)) {
      const spec = underlyingSpec(chain.underlying);
      for (const e of chain.expiries) {
        for (const c of contracts(e)) {
          const bid = c.side.bid[c.i]!;
          const ask = c.side.ask[c.i]!;
          assert.ok(bid >= 0 && bid < ask, `${chain.underlying} ${e.expiry} ${c.type} ${c.strike}: ${bid} / ${ask}`);
          assert.ok(onGrid(ask, spec.tick), `${ask} on ${spec.tick}`);
          const last = c.side.last[c.i];
          if (last !== null && last !== undefined) assert.ok(bid <= last && last <= ask);
          assert.equal(last === null, c.side.volume[c.i] === 0);
        }
      }
    }
  });

  it('widens spreads away from the money', () => {
    const [spx] = chainsAt(42);
    const e = spx!.expiries[3]!;
    const width = (zLo: number, zHi: number) => {
      const rel: number[] = [];
      for (const c of contracts(e)) {
        const otm = c.type === 'call' ? c.z > 0 : c.z < 0;
        if (otm && Math.abs(c.z) >= zLo && Math.abs(c.z) < zHi && c.side.bid[c.i]! > 0) {
          rel.push((c.side.ask[c.i]! - c.side.bid[c.i]!) / c.side.mark[c.i]!);
        }
      }
      return rel.reduce((a, b) => a + b, 0) / rel.length;
    };
    assert.ok(width(1.5, 2.5) > 1.5 * width(0, 0.5), `${width(1.5, 2.5)} vs ${width(0, 0.5)}`);
  });

  it('concentrates open interest and volume near the money', () => {
    for (const chain of chainsAt(42)) {
      for (const e of chain.expiries.slice(0, 4)) {
        const mean = (pick: (c: { z: number }) => boolean, field: 'openInterest' | 'volume') => {
          const xs = [...contracts(e)].filter(pick).map((c) => c.side[field][c.i]!);
          return xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
        };
        for (const field of ['openInterest', 'volume'] as const) {
          const near = mean((c) => Math.abs(c.z) < 0.5, field);
          const far = mean((c) => Math.abs(c.z) > 2, field);
          assert.ok(near > 4 * far, `${chain.underlying} ${e.expiry} ${field}: near ${near}, far ${far}`);
        }
      }
    }
  });

  it('grows volume and open interest through the day', () => {
    const g = new ChainGenerator({ seed: 42, underlyings: ['SPY'] });
    const early = g.generate('SPY', 578.4, Date.UTC(2026, 0, 7, 15, 0));
    const late = g.generate('SPY', 578.4, Date.UTC(2026, 0, 7, 20, 0));
    let grew = 0;
    for (let x = 0; x < early.expiries.length; x++) {
      const a = early.expiries[x]!;
      const b = late.expiries[x]!;
      assert.equal(a.expiry, b.expiry);
      for (const type of ['call', 'put'] as const) {
        for (let i = 0; i < a.strikes.length; i++) {
          // The strike range follows the vol level: compare the strikes listed at both times.
          const j = b.strikes.indexOf(a.strikes[i]!);
          if (j < 0) continue;
          assert.ok(b[type].volume[j]! >= a[type].volume[i]!);
          assert.ok(b[type].openInterest[j]! >= a[type].openInterest[i]!);
          if (b[type].volume[j]! > a[type].volume[i]!) grew++;
        }
      }
    }
    assert.ok(grew > 100, `${grew} contracts traded more`);
    const total = (c: OptionChainMessage) => c.expiries.reduce((s, e) => s + e.call.volume.reduce((a, b) => a + b, 0), 0);
    assert.ok(total(late) > 3 * total(early));
  });

  it('prices by BSM at the surface vol, and the IV of the quoted mid reprices and recovers it', () => {
    let checked = 0;
    for (const chain of chainsAt(42)) {
      for (const e of chain.expiries) {
        for (const c of contracts(e)) {
          const sigma = sviImpliedVol(e.svi, Math.log(c.strike / e.forward), e.timeToExpiry);
          const mark = c.side.mark[c.i]!;
          assert.equal(mark, bsmPrice(c.type, chain.spot, c.strike, e.timeToExpiry, sigma, chain.rate, chain.dividendYield));
          // Out-of-the-money quotes: in the money the time value can be under half a tick.
          const otm = c.type === 'call' ? c.strike > e.forward : c.strike < e.forward;
          if (!otm || Math.abs(c.z) > 2 || c.side.bid[c.i] === 0) continue;
          const fromMark = bsmImpliedVol(c.type, mark, chain.spot, c.strike, e.timeToExpiry, chain.rate, chain.dividendYield);
          assert.ok(fromMark.ok && Math.abs(fromMark.volatility - sigma) < 1e-9 * sigma, `${c.strike} mark`);
          const mid = (c.side.bid[c.i]! + c.side.ask[c.i]!) / 2;
          const iv = bsmImpliedVol(c.type, mid, chain.spot, c.strike, e.timeToExpiry, chain.rate, chain.dividendYield);
          assert.ok(iv.ok, `${chain.underlying} ${e.expiry} ${c.type} ${c.strike} mid ${mid}`);
          const repriced = bsmPrice(c.type, chain.spot, c.strike, e.timeToExpiry, iv.volatility, chain.rate, chain.dividendYield);
          assert.ok(Math.abs(repriced - mid) <= 1e-12 * mid, `reprice ${repriced} vs ${mid}`);
          // The quote is rounded to ticks around the mark: the IV moves by at most that over vega.
          const { vega } = priceAndGreeks({
            type: c.type,
            spot: chain.spot,
            strike: c.strike,
            timeToExpiry: e.timeToExpiry,
            volatility: sigma,
            rate: chain.rate,
            dividendYield: chain.dividendYield,
          });
          const bound = (2 * Math.abs(mid - mark)) / vega + 1e-9;
          assert.ok(Math.abs(iv.volatility - sigma) <= bound, `${chain.underlying} ${c.strike} iv ${iv.volatility} vs ${sigma}`);
          checked++;
        }
      }
    }
    assert.ok(checked > 1000, `${checked}`);
  });

  it('has equity skew, calendar-ordered ATM variance, and slices free of butterfly arbitrage', () => {
    for (const chain of chainsAt(42)) {
      let lastTheta = 0;
      for (const e of chain.expiries) {
        assert.ok(sviButterflyArbitrage(e.svi).arbitrageFree, `${chain.underlying} ${e.expiry}`);
        const theta = sviImpliedVol(e.svi, 0, e.timeToExpiry) ** 2 * e.timeToExpiry;
        assert.ok(theta > lastTheta);
        lastTheta = theta;
        if (chain.underlying !== 'BTC-USD') {
          assert.ok(sviImpliedVol(e.svi, -0.05, e.timeToExpiry) > sviImpliedVol(e.svi, 0.05, e.timeToExpiry));
        }
      }
    }
    // SSVI written as raw SVI: w(0) is θ.
    const s = ssviSlice(0.04, -0.7, 1);
    assert.ok(Math.abs(s.a + s.b * (s.rho * -s.m + Math.sqrt(s.m * s.m + s.sigma * s.sigma)) - 0.04) < 1e-15);
  });

  it('moves the surface with the underlying: anchored to moneyness, vol up when spot falls', () => {
    const path = (move: number) => {
      const g = new ChainGenerator({ seed: 42, underlyings: ['SPX'] });
      g.generate('SPX', 5800, T0);
      let spot = 5800;
      let chain: OptionChainMessage | undefined;
      for (let i = 1; i <= 20; i++) {
        spot *= 1 + move;
        chain = g.generate('SPX', spot, T0 + i * 60_000);
      }
      return chain!;
    };
    const down = path(-0.002);
    const up = path(0.002);
    const atm = (c: OptionChainMessage) => sviImpliedVol(c.expiries[0]!.svi, 0, c.expiries[0]!.timeToExpiry);
    assert.ok(atm(down) > atm(up) + 0.01, `down ${atm(down)} up ${atm(up)}`);
    // The ATM strike follows spot.
    const nearest = (c: OptionChainMessage) => {
      const e = c.expiries[0]!;
      return e.strikes.reduce((a, b) => (Math.abs(b - e.forward) < Math.abs(a - e.forward) ? b : a));
    };
    assert.ok(Math.abs(nearest(down) - down.spot) <= 5 && Math.abs(nearest(up) - up.spot) <= 5);
  });

  it('keeps every default chain envelope well under 1 MB', () => {
    for (const chain of chainsAt(42)) assert.ok(JSON.stringify(chain).length < 400_000, chain.underlying);
  });
});

describe('listStrikes on a corrupt spot', () => {
  it('refuses a spot its steps cannot span instead of looping', () => {
    const g = new ChainGenerator({ seed: 1, underlyings: ['AAPL'] });
    const t0 = Date.now();
    assert.throws(() => g.generate('AAPL', 1.8e12, Date.UTC(2026, 10, 23)), RangeError);
    assert.throws(() => g.generate('AAPL', Number.NaN, Date.UTC(2026, 10, 23)), RangeError);
    assert.ok(Date.now() - t0 < 1000);
    assert.throws(() => listStrikes(underlyingSpec('AAPL'), 1e15, 0.5), RangeError);
  });
});
