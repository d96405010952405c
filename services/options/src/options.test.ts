import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChainExpiry, ConfigError, envelope, loadConfig, type OptionChainMessage, subjects } from '@bourse/core';
import { startProcess } from '@bourse/kit';
import { normCdf } from '@bourse/quant/options';
import { createStore, type OptionAnalyticsRecord } from '@bourse/store';
import { MAX_BATCH, optionsService, pruneHistory } from './index.ts';

const YEAR_MS = 365.25 * 86_400_000;
const T0 = Date.UTC(2026, 0, 7, 15, 0);
const S = 100;
const R = 0.05;
const Q = 0.01;

/** QuantLib's prices and greeks of the contracts checked below (fixtures/quantlib.py writes them). */
interface Reference {
  type: 'call' | 'put';
  strike: number;
  t: number;
  vol: number;
  price: number;
  delta: number;
  gamma: number;
  vega: number;
  theta: number;
}
const quantlib = JSON.parse(readFileSync(new URL('./fixtures/quantlib.json', import.meta.url), 'utf8')) as {
  chain: Reference[];
  hull: Reference;
  black76: { price: number };
};
function ql(type: 'call' | 'put', strike: number, t: number): Reference {
  const row = quantlib.chain.find((r) => r.type === type && r.strike === strike && r.t === t);
  if (!row) throw new Error(`no QuantLib row for the ${strike} ${type} at ${t}`);
  return row;
}

// Black-Scholes-Merton written out to quote the test chain (the input); the answers are checked against QuantLib.
function d1(K: number, T: number, v: number) {
  return (Math.log(S / K) + (R - Q + (v * v) / 2) * T) / (v * Math.sqrt(T));
}
function bsm(type: 'call' | 'put', K: number, T: number, v: number): number {
  const a = d1(K, T, v);
  const b = a - v * Math.sqrt(T);
  return type === 'call'
    ? S * Math.exp(-Q * T) * normCdf(a) - K * Math.exp(-R * T) * normCdf(b)
    : K * Math.exp(-R * T) * normCdf(-b) - S * Math.exp(-Q * T) * normCdf(-a);
}

/** A skewed smile for the front expiry, flat 25% for the second. */
const skewVol = (K: number, F: number) => {
  const k = Math.log(K / F);
  return 0.2 - 0.3 * k + 0.5 * k * k;
};

function expiry(
  root: string,
  name: string,
  T: number,
  strikes: number[],
  vol: (K: number, F: number) => number,
  oi: { call: number[]; put: number[] },
  volume: { call: number[]; put: number[] },
): ChainExpiry {
  const F = S * Math.exp((R - Q) * T);
  const side = (type: 'call' | 'put') => {
    const marks = strikes.map((K) => bsm(type, K, T, vol(K, F)));
    return {
      bid: marks.map((p) => p - 0.01),
      ask: marks.map((p) => p + 0.01),
      last: marks.map((p, i) => (volume[type][i]! > 0 ? p : null)),
      mark: marks,
      volume: volume[type],
      openInterest: oi[type],
    };
  };
  return {
    expiry: name,
    expiryTs: T0 + Math.round(T * YEAR_MS),
    kind: 'monthly',
    root,
    timeToExpiry: T,
    forward: F,
    svi: { a: 0, b: 0, rho: 0, m: 0, sigma: 0 },
    strikes,
    call: side('call'),
    put: side('put'),
  };
}

const T1 = 0.1;
const T2 = 0.3;
const K1 = [90, 95, 100, 105, 110];
const K2 = [80, 90, 100, 110, 120];
const F1 = S * Math.exp((R - Q) * T1);
const OI1 = { call: [100, 200, 500, 300, 100], put: [300, 400, 500, 100, 50] };
const VOL1 = { call: [10, 20, 50, 30, 10], put: [30, 40, 60, 10, 5] };
const OI2 = { call: [10, 10, 10, 10, 10], put: [10, 10, 10, 10, 10] };
const VOL2 = { call: [1, 1, 1, 1, 1], put: [2, 2, 2, 2, 2] };

/** The test chain of `underlying` (its OCC root the same name) at `ts`, every open interest raised by `oiBump`. */
function chain(ts: number, oiBump = 0, underlying = 'SPY'): OptionChainMessage {
  const bump = (o: { call: number[]; put: number[] }) => ({ call: o.call.map((x) => x + oiBump), put: o.put.map((x) => x + oiBump) });
  const e1 = expiry(underlying, '2026-01-16', T1, K1, skewVol, bump(OI1), VOL1);
  // A call quoted under its intrinsic value: no IV, with the reason.
  e1.call.bid[0] = 9;
  e1.call.ask[0] = 9.2;
  const e2 = expiry(underlying, '2026-02-20', T2, K2, () => 0.25, bump(OI2), VOL2);
  return { underlying, ts, spot: S, rate: R, dividendYield: Q, multiplier: 100, currency: 'USD', expiries: [e1, e2] };
}

/** Max pain by brute force: the strike where holders' total intrinsic payout is least. */
function bruteMaxPain(strikes: number[], callOi: number[], putOi: number[]) {
  let best = { strike: Number.NaN, payout: Number.POSITIVE_INFINITY };
  for (const P of strikes) {
    let payout = 0;
    strikes.forEach((K, i) => {
      payout += callOi[i]! * Math.max(P - K, 0) + putOi[i]! * Math.max(K - P, 0);
    });
    if (payout < best.payout) best = { strike: P, payout };
  }
  return best;
}

const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

/** One stored analytics row of `underlying` at `ts` (what the service writes per expiry and chain). */
function historyRow(underlying: string, ts: number, callOi = 100, putOi = 80): OptionAnalyticsRecord {
  return {
    underlying,
    expiry: '2026-12-18',
    ts,
    spot: 100,
    forward: 100,
    timeToExpiry: 0.1,
    callOi,
    putOi,
    callVolume: 10,
    putVolume: 8,
    pcrOi: putOi / callOi,
    pcrVolume: 0.8,
    maxPain: 100,
    atmStrike: 100,
    straddle: 5,
    atmIv: 0.2,
    rr25: -0.03,
    bf25: 0.004,
    gex: 1e6,
  };
}

/**
 * One process serves every test below. Tests read SPY's chain at T0 and make sure of it first (`given`); a test
 * that moves an underlying's latest chain on uses an underlying of its own.
 */
describe('options service', async () => {
  // The fixed chain times below are long past: keep their history for the whole run.
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', BOURSE_OPTIONS_RETENTION_HOURS: String(24 * 3660) });
  const running = await startProcess({
    config: { ...config, database: { kind: 'pglite', dir: 'memory://' } },
    modules: [optionsService],
    listen: false,
  });
  after(() => running.stop());
  const { bus } = running.ctx;

  const call = async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const r = await running.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: r.statusCode, body: r.json() };
  };
  const publish = (c: OptionChainMessage) =>
    bus.publish(
      subjects.chain(c.underlying),
      envelope({ id: `chain:${c.underlying}@${c.ts}`, type: 'option.chain', source: 'test', key: c.underlying, ts: c.ts, data: c }),
    );
  /** Wait until the latest chain of `underlying` is the one at `ts`. */
  const waitForTs = async (ts: number, underlying = 'SPY') => {
    for (let i = 0; i < 400; i++) {
      const r = await call('GET', `/api/v1/options/${underlying}/expiries`);
      if (r.status === 200 && r.body.ts === ts) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    assert.fail(`chain ${underlying}@${ts} never arrived`);
  };
  /** Publish `c` (again, if an earlier test did: the bus drops the duplicate) and wait until it is the latest. */
  const given = async (c: OptionChainMessage) => {
    await publish(c);
    await waitForTs(c.ts, c.underlying);
  };

  it('answers 404 before any chain arrives', async () => {
    const r = await call('GET', '/api/v1/options/IWM/chain');
    assert.equal(r.status, 404);
    assert.match(r.body.error.message, /no option chain for IWM/);
  });

  it('consumes a chain from md.chain.<underlying> and lists its expiries', async () => {
    await given(chain(T0));
    const r = await call('GET', '/api/v1/options/SPY/expiries');
    assert.equal(r.status, 200);
    assert.deepEqual(
      r.body.data.map((e: { expiry: string; strikes: number; kind: string }) => [e.expiry, e.strikes, e.kind]),
      [
        ['2026-01-16', 5, 'monthly'],
        ['2026-02-20', 5, 'monthly'],
      ],
    );
    assert.equal(r.body.spot, S);
  });

  it('serves the chain with IV from the mid and BSM greeks at that IV', async () => {
    await given(chain(T0));
    const r = await call('GET', '/api/v1/options/SPY/chain?expiry=2026-01-16');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.data.length, 5);
    const atm = r.body.data[2];
    assert.equal(atm.strike, 100);
    assert.equal(atm.call.symbol, 'SPY   260116C00100000');
    assert.equal(atm.put.symbol, 'SPY   260116P00100000');
    for (const type of ['call', 'put'] as const) {
      const ref = ql(type, 100, T1);
      close(atm[type].iv, ref.vol, 1e-9, `${type} iv`);
      close(atm[type].delta, ref.delta, 1e-9, `${type} delta`);
      close(atm[type].gamma, ref.gamma, 1e-9, `${type} gamma`);
      close(atm[type].vega, ref.vega, 1e-8, `${type} vega`);
      close(atm[type].theta, ref.theta, 1e-8, `${type} theta`);
      close(atm[type].mid, ref.price, 1e-12, `${type} mid`);
    }
    close(atm.call.thetaPerDay, atm.call.theta / 365, 1e-12, 'theta per day');
    assert.equal(atm.call.openInterest, 500);
    assert.equal(atm.put.volume, 60);
    // The 90 call is quoted under its intrinsic value.
    assert.equal(r.body.data[0].call.iv, null);
    assert.equal(r.body.data[0].call.ivError, 'below_intrinsic');
    assert.equal(r.body.data[0].call.delta, null);
    // Default: the nearest expiry.
    const nearest = await call('GET', '/api/v1/options/SPY/chain');
    assert.equal(nearest.body.expiry, '2026-01-16');
  });

  it('finds a contract by OCC symbol, padded or not', async () => {
    await given(chain(T0));
    const r = await call('GET', `/api/v1/options/contracts/${encodeURIComponent('SPY   260220P00110000')}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.underlying, 'SPY');
    assert.equal(r.body.type, 'put');
    assert.equal(r.body.strike, 110);
    close(r.body.contract.iv, 0.25, 1e-9, 'iv');
    assert.equal((await call('GET', '/api/v1/options/contracts/SPY260220P00110000')).status, 200);
    assert.equal((await call('GET', '/api/v1/options/contracts/SPY260220P00111000')).status, 404);
    assert.equal((await call('GET', '/api/v1/options/contracts/QQQ260220P00110000')).status, 404);
    const bad = await call('GET', '/api/v1/options/contracts/not-a-contract');
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /occSymbol/);
  });

  it('finds every listed contract by the name the chain gives it, BTC-USD strikes of 100,000 and more included', async () => {
    const strikes = [90_000, 95_000, 99_999.5, 100_000, 105_000, 250_000];
    const side = () => ({
      bid: strikes.map(() => 1000),
      ask: strikes.map(() => 1100),
      last: strikes.map(() => null),
      mark: strikes.map(() => 1050),
      volume: strikes.map(() => 0),
      openInterest: strikes.map(() => 10),
    });
    const btc: OptionChainMessage = {
      underlying: 'BTC-USD',
      ts: T0,
      spot: 98_000,
      rate: 0,
      dividendYield: 0,
      multiplier: 1,
      currency: 'USD',
      expiries: [
        {
          expiry: '2026-02-06',
          expiryTs: Date.UTC(2026, 1, 6, 8),
          kind: 'weekly',
          root: 'BTC',
          timeToExpiry: (Date.UTC(2026, 1, 6, 8) - T0) / YEAR_MS,
          forward: 98_000,
          svi: { a: 0, b: 0, rho: 0, m: 0, sigma: 0 },
          strikes,
          call: side(),
          put: side(),
        },
      ],
    };
    await given(chain(T0));
    await given(btc);
    let found = 0;
    for (const [underlying, expiries] of [
      ['SPY', ['2026-01-16', '2026-02-20']],
      ['BTC-USD', ['2026-02-06']],
    ] as const) {
      for (const expiry of expiries) {
        const board = await call('GET', `/api/v1/options/${underlying}/chain?expiry=${expiry}`);
        assert.equal(board.status, 200, JSON.stringify(board.body));
        for (const row of board.body.data as { strike: number; call: { symbol: string }; put: { symbol: string } }[]) {
          for (const type of ['call', 'put'] as const) {
            const name = row[type].symbol;
            for (const form of [name, name.replace(/ /g, '')]) {
              const r = await call('GET', `/api/v1/options/contracts/${encodeURIComponent(form)}`);
              assert.equal(r.status, 200, `${form}: ${JSON.stringify(r.body)}`);
              assert.deepEqual([r.body.underlying, r.body.expiry, r.body.type, r.body.strike], [underlying, expiry, type, row.strike]);
              assert.equal(r.body.contract.symbol, name);
            }
            found++;
          }
        }
      }
    }
    assert.equal(found, 2 * (K1.length + K2.length + strikes.length));
    const wide = await call('GET', `/api/v1/options/contracts/${encodeURIComponent('BTC   260206C105000000')}`);
    assert.equal(wide.body.strike, 105_000);
  });

  it('computes PCR, max pain, ATM straddle, OI build-up and skew equal to hand computations', async () => {
    await given(chain(T0));
    const r = await call('GET', '/api/v1/options/SPY/analytics?expiry=2026-01-16');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const a = r.body.data[0];
    assert.equal(a.pcr.byOpenInterest, 1350 / 1200);
    assert.equal(a.pcr.byVolume, 145 / 120);
    // Payout at 100: calls 100·10 + 200·5, puts 100·5 + 50·10 (at 95: 4750, at 105: 6250).
    assert.deepEqual(a.maxPain, { strike: 100, payout: 3000 });
    assert.equal(a.atm.strike, 100);
    close(a.atm.straddle, ql('call', 100, T1).price + ql('put', 100, T1).price, 1e-12, 'straddle');
    // ATM IV: linear in ln(K/F) between the 100 and 105 strikes.
    const k100 = Math.log(100 / F1);
    const k105 = Math.log(105 / F1);
    close(a.atmIv, skewVol(100, F1) + ((skewVol(105, F1) - skewVol(100, F1)) * (0 - k100)) / (k105 - k100), 1e-9, 'atm iv');
    assert.ok(a.rr25 < 0, `equity-style skew gives a negative risk reversal (${a.rr25})`);
    // Build-up: the ATM band is a quarter of a standard deviation around the forward: only the 100 strike.
    assert.deepEqual(a.buildUp.calls, { itm: 300, atm: 500, otm: 400 });
    assert.deepEqual(a.buildUp.puts, { itm: 150, atm: 500, otm: 700 });
    assert.equal(a.buildUp.change, null);
    assert.equal(a.smile.length, 5);
    close(a.smile[0].iv, skewVol(90, F1), 1e-9, 'smile uses the OTM put below the forward');
    // A flat smile has no risk reversal or butterfly, and its ATM vol is the flat vol.
    const flat = (await call('GET', '/api/v1/options/SPY/analytics?expiry=2026-02-20')).body.data[0];
    close(flat.rr25, 0, 1e-9, 'flat rr25');
    close(flat.bf25, 0, 1e-9, 'flat bf25');
    close(flat.atmIv, 0.25, 1e-9, 'flat atm');
    const all = await call('GET', '/api/v1/options/SPY/analytics');
    assert.equal(all.body.data.length, 2);
  });

  it('computes max pain per expiry and across expiries', async () => {
    await given(chain(T0));
    const r = await call('GET', '/api/v1/options/SPY/max-pain');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.data[0].maxPain, bruteMaxPain(K1, OI1.call, OI1.put));
    const strikes = [...new Set([...K1, ...K2])].sort((x, y) => x - y);
    const merged = (side: 'call' | 'put') =>
      strikes.map((K) => (K1.includes(K) ? OI1[side][K1.indexOf(K)]! : 0) + (K2.includes(K) ? OI2[side][K2.indexOf(K)]! : 0));
    assert.deepEqual(r.body.overall, bruteMaxPain(strikes, merged('call'), merged('put')));
  });

  it('builds the surface on moneyness and delta grids with the term structure', async () => {
    await given(chain(T0));
    const r = await call('GET', '/api/v1/options/SPY/surface');
    assert.equal(r.status, 200);
    assert.equal(r.body.moneyness.length, r.body.data[0].byMoneyness.length);
    const flat = r.body.data[1];
    r.body.moneyness.forEach((m: number, i: number) => {
      const inside = m * flat.forward >= 80 && m * flat.forward <= 120;
      if (inside) close(flat.byMoneyness[i], 0.25, 1e-9, `K/F ${m}`);
      else assert.equal(flat.byMoneyness[i], null);
    });
    assert.ok(flat.byDelta.some((v: number | null) => v !== null));
    for (const v of flat.byDelta) if (v !== null) close(v, 0.25, 1e-9, 'by delta');
    // Term structure: ATM vol per expiry, in expiry order.
    assert.deepEqual(
      r.body.data.map((x: { expiry: string }) => x.expiry),
      ['2026-01-16', '2026-02-20'],
    );
    close(r.body.data[1].atmIv, 0.25, 1e-9, 'term structure');
  });

  it('computes gamma exposure by strike from the closed-form gamma', async () => {
    await given(chain(T0));
    const r = await call('GET', '/api/v1/options/SPY/gex?expiry=2026-02-20');
    assert.equal(r.status, 200);
    const g = ql('call', 100, T2).gamma;
    const row = r.body.data.find((x: { strike: number }) => x.strike === 100);
    // Same OI on both sides and the same gamma: dealers' long calls and short puts cancel.
    close(row.gex, (g * 10 - g * 10) * 100 * S * S * 0.01, 1e-6, 'gex');
    const front = await call('GET', '/api/v1/options/SPY/gex?expiry=2026-01-16');
    const g105 = ql('call', 105, T1).gamma;
    const at105 = front.body.data.find((x: { strike: number }) => x.strike === 105);
    close(at105.gex, (g105 * 300 - g105 * 100) * 100 * S * S * 0.01, 1e-6, 'gex 105');
    const both = await call('GET', '/api/v1/options/SPY/gex');
    close(
      both.body.total,
      both.body.data.reduce((s: number, x: { gex: number }) => s + x.gex, 0),
      1e-6,
      'total',
    );
    assert.equal(both.body.data.length, new Set([...K1, ...K2]).size);
  });

  it('stores analytics history and serves the PCR trend, with OI build-up since the day opened', async () => {
    await given(chain(T0, 0, 'QQQ'));
    await given(chain(T0 + 5000, 10, 'QQQ'));
    const r = await call('GET', '/api/v1/options/QQQ/pcr');
    assert.equal(r.status, 200);
    assert.equal(r.body.data.length, 2);
    const [first, second] = r.body.data;
    assert.equal(first.ts, T0);
    assert.equal(first.pcrOi, (1350 + 50) / (1200 + 50));
    assert.equal(second.pcrOi, (1350 + 50 + 100) / (1200 + 50 + 100));
    assert.equal(second.pcrVolume, (145 + 10) / (120 + 5));
    const ranged = await call('GET', `/api/v1/options/QQQ/pcr?from=${T0 + 1}&to=${new Date(T0 + 10_000).toISOString()}`);
    assert.deepEqual(
      ranged.body.data.map((p: { ts: number }) => p.ts),
      [T0 + 5000],
    );
    const one = await call('GET', '/api/v1/options/QQQ/pcr?expiry=2026-01-16&limit=1');
    assert.equal(one.body.data[0].pcrOi, (1350 + 50) / (1200 + 50));
    const a = (await call('GET', '/api/v1/options/QQQ/analytics?expiry=2026-01-16')).body.data[0];
    assert.deepEqual(a.buildUp.change, { calls: { itm: 20, atm: 10, otm: 20 }, puts: { itm: 20, atm: 10, otm: 20 } });
    // A redelivered (older) chain does not replace the latest.
    await publish(chain(T0 + 1000, 0, 'QQQ'));
    for (let i = 0; i < 400 && (await call('GET', '/api/v1/options/QQQ/pcr')).body.data.length < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    assert.equal((await call('GET', '/api/v1/options/QQQ/pcr')).body.data.length, 3);
    assert.equal((await call('GET', '/api/v1/options/QQQ/expiries')).body.ts, T0 + 5000);
  });

  it('serves the latest chain, its day open and its OCC roots from the store when the cache has lost them', async () => {
    // DIA's day opens at T0; the chain at T0 + 5000 has 10 more contracts open at every strike.
    await given(chain(T0, 0, 'DIA'));
    await given(chain(T0 + 5000, 10, 'DIA'));
    const urls = [
      '/api/v1/options/DIA/expiries',
      '/api/v1/options/DIA/chain?expiry=2026-02-20',
      '/api/v1/options/DIA/analytics',
      '/api/v1/options/DIA/surface',
      `/api/v1/options/contracts/${encodeURIComponent('DIA   260116C00105000')}`,
    ];
    const before = await Promise.all(urls.map((url) => call('GET', url)));
    assert.deepEqual(
      before.map((r) => r.status),
      urls.map(() => 200),
    );
    await running.ctx.cache.deletePrefix('opt:');
    assert.deepEqual(await Promise.all(urls.map((url) => call('GET', url))), before);
    // The build-up is still measured from the day's opening snapshot, which only the store remembers now.
    await running.ctx.cache.deletePrefix('opt:');
    await given(chain(T0 + 9000, 20, 'DIA'));
    const a = (await call('GET', '/api/v1/options/DIA/analytics?expiry=2026-01-16')).body.data[0];
    assert.deepEqual(a.buildUp.change, { calls: { itm: 40, atm: 20, otm: 40 }, puts: { itm: 40, atm: 20, otm: 40 } });
  });

  it('dead-letters a message that is not a valid chain, with the reason, and keeps consuming', async () => {
    const dead = bus.subscribe('dlq.md.chain.>');
    const bad = chain(T0, 0, 'EEM');
    bad.expiries[1]!.put.openInterest.pop();
    await publish(bad);
    let letter: { reason: string; consumer: string } | undefined;
    for await (const m of dead) {
      letter = m.envelope.data as typeof letter;
      break;
    }
    dead.unsubscribe();
    assert.deepEqual(letter && [letter.reason, letter.consumer], [
      'PoisonMessageError: invalid option.chain: /expiries/1/put/openInterest has 4 values for 5 strikes',
      'options',
    ]);
    assert.equal((await call('GET', '/api/v1/options/EEM/expiries')).status, 404);
    await given(chain(T0 + 1, 0, 'EEM'));
  });

  it('prices with BSM and Black-76, one input or an array', async () => {
    const input = { type: 'call', spot: 100, strike: 100, timeToExpiry: 1, volatility: 0.2, rate: 0.05, dividendYield: 0 };
    const r = await call('POST', '/api/v1/options/price', input);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    close(r.body.price, 10.450583572185565, 1e-12, 'Hull: BSM call');
    for (const greek of ['price', 'delta', 'gamma', 'vega', 'theta'] as const) {
      close(r.body[greek], quantlib.hull[greek], 1e-10 * Math.max(1, Math.abs(quantlib.hull[greek])), `QuantLib ${greek}`);
    }
    close(r.body.thetaPerDay, r.body.theta / 365, 1e-15, 'theta per day');
    assert.deepEqual(Object.keys(r.body).sort(), [
      'charm',
      'delta',
      'gamma',
      'price',
      'rho',
      'theta',
      'thetaPerDay',
      'vanna',
      'vega',
      'volga',
    ]);
    const many = await call('POST', '/api/v1/options/price', [
      input,
      { ...input, type: 'put' },
      { ...input, model: 'black76', dividendYield: 0.3 },
    ]);
    assert.equal(many.status, 200);
    assert.equal(many.body.length, 3);
    // Put-call parity: C − P = S − K·e^{−rT}.
    close(many.body[0].price - many.body[1].price, 100 - 100 * Math.exp(-0.05), 1e-12, 'parity');
    // Black-76 on a forward of 100: e^{−rT}·(F·N(d1) − K·N(d2)), d1 = σ√T/2; the dividend yield is ignored.
    close(many.body[2].price, quantlib.black76.price, 1e-12, 'black76');
    const batch = await call(
      'POST',
      '/api/v1/options/price',
      Array.from({ length: MAX_BATCH }, () => input),
    );
    assert.equal(batch.status, 200);
    assert.equal(batch.body.length, MAX_BATCH);
    const tooMany = await call(
      'POST',
      '/api/v1/options/price',
      Array.from({ length: MAX_BATCH + 1 }, () => input),
    );
    assert.equal(tooMany.status, 400);
  });

  it('inverts prices to implied vol, 422 with the reason, per-item failures in the array form', async () => {
    const input = { type: 'call', spot: 100, strike: 100, timeToExpiry: 1, rate: 0.05, dividendYield: 0, price: 10.450583572185565 };
    const r = await call('POST', '/api/v1/options/implied-vol', input);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    close(r.body.impliedVol, 0.2, 1e-12, 'iv');
    const below = await call('POST', '/api/v1/options/implied-vol', { ...input, strike: 50, price: 40 });
    assert.equal(below.status, 422);
    assert.equal(below.body.error.code, 'unprocessable');
    assert.match(below.body.error.message, /^below_intrinsic/);
    const above = await call('POST', '/api/v1/options/implied-vol', { ...input, price: 100 });
    assert.equal(above.status, 422);
    assert.match(above.body.error.message, /^above_upper_bound/);
    const many = await call('POST', '/api/v1/options/implied-vol', [
      input,
      { ...input, price: 100 },
      { ...input, type: 'put', price: 5.573526022256971 },
    ]);
    assert.equal(many.status, 200, JSON.stringify(many.body));
    close(many.body[0].impliedVol, 0.2, 1e-12, 'first');
    assert.deepEqual(many.body[1].error.code, 'unprocessable');
    assert.equal(many.body[1].error.reason, 'above_upper_bound');
    close(many.body[2].impliedVol, 0.2, 1e-12, 'put');
  });

  it('rejects bad inputs with a 400 naming the field, and unknown things with a 404', async () => {
    await given(chain(T0));
    const good = { type: 'call', spot: 100, strike: 100, timeToExpiry: 1, volatility: 0.2, rate: 0.05, dividendYield: 0 };
    const { volatility: _, ...noVol } = good;
    const cases: [string, unknown, RegExp][] = [
      ['/api/v1/options/price', { ...good, spot: -1 }, /body\.spot must be > 0/],
      ['/api/v1/options/price', { ...good, strike: 0 }, /body\.strike must be > 0/],
      ['/api/v1/options/price', { ...good, timeToExpiry: 0 }, /body\.timeToExpiry must be > 0/],
      ['/api/v1/options/price', { ...good, timeToExpiry: -0.5 }, /body\.timeToExpiry/],
      ['/api/v1/options/price', noVol, /body\.volatility is required/],
      ['/api/v1/options/price', { ...good, type: 'straddle' }, /body\.type/],
      ['/api/v1/options/price', { ...good, spot: '100' }, /body\.spot must be number/],
      ['/api/v1/options/price', [good, { ...good, strike: -5 }], /body\.1\.strike must be > 0/],
      ['/api/v1/options/price', [], /body must NOT have fewer than 1 items/],
      ['/api/v1/options/implied-vol', { ...good, price: 1 }, /body/],
      [
        '/api/v1/options/implied-vol',
        { type: 'put', spot: 100, strike: 100, timeToExpiry: 1, rate: 0.05, dividendYield: 0 },
        /body\.price is required/,
      ],
    ];
    for (const [url, body, message] of cases) {
      const r = await call('POST', url, body);
      assert.equal(r.status, 400, `${url} ${JSON.stringify(body)} -> ${r.status}`);
      assert.match(r.body.error.message, message);
    }
    const badExpiry = await call('GET', '/api/v1/options/SPY/chain?expiry=2026-1-16');
    assert.equal(badExpiry.status, 400);
    assert.match(badExpiry.body.error.message, /querystring\.expiry/);
    const badTime = await call('GET', '/api/v1/options/SPY/pcr?from=yesterday');
    assert.equal(badTime.status, 400);
    const missingExpiry = await call('GET', '/api/v1/options/SPY/chain?expiry=2026-03-20');
    assert.equal(missingExpiry.status, 404);
    assert.match(missingExpiry.body.error.message, /listed: 2026-01-16, 2026-02-20/);
    assert.equal((await call('GET', '/api/v1/options/NOPE/surface')).status, 404);
    assert.equal((await call('GET', '/api/v1/options/AAPL/max-pain')).status, 404);
    assert.equal((await call('GET', '/api/v1/options/NOPE/pcr')).status, 404);
  });
});

describe('options history retention', () => {
  it('reads BOURSE_OPTIONS_RETENTION_HOURS (default a week) and refuses a bad value', () => {
    assert.equal(loadConfig({}).options.retentionHours, 168);
    assert.equal(loadConfig({ BOURSE_OPTIONS_RETENTION_HOURS: '24' }).options.retentionHours, 24);
    assert.throws(() => loadConfig({ BOURSE_OPTIONS_RETENTION_HOURS: '0' }), ConfigError);
  });

  it('prunes history older than a time in batches, oldest first, and the PCR trend follows', async (t) => {
    const store = await createStore({ kind: 'pglite', dir: 'memory://' });
    t.after(() => store.close());
    const repo = store.options;
    const now = Date.now();
    const hour = 3_600_000;
    await repo.saveAnalytics([-50, -30, -26, -25, -2, -1].map((h, i) => historyRow('IWM', now + h * hour, 100 + i)));
    assert.equal(await pruneHistory(store.options, now - 24 * hour, { batch: 2 }), 4);
    assert.deepEqual(
      (await repo.pcrTrend('IWM', { limit: 10 })).map((p) => [p.ts, p.callOi]),
      [
        [now - 2 * hour, 104],
        [now - hour, 105],
      ],
    );
    // A stop in the middle of a backlog leaves the rest for the next round.
    await repo.saveAnalytics([-9, -8, -7].map((h) => historyRow('IWM', now + h * hour)));
    const stopping = new AbortController();
    stopping.abort();
    assert.equal(await pruneHistory(store.options, now - 3 * hour, { batch: 1, signal: stopping.signal }), 0);
    assert.equal(await pruneHistory(store.options, now - 3 * hour, { batch: 1 }), 3);
  });

  it('deletes history past the retention when the service starts, and keeps the rest', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'bourse-options-retention-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const now = Date.now();
    const hour = 3_600_000;
    const seeded = await createStore({ kind: 'pglite', dir });
    await seeded.options.saveAnalytics([-72, -48, -30, -23, -1].map((h) => historyRow('SPY', now + h * hour)));
    await seeded.close();

    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', BOURSE_OPTIONS_RETENTION_HOURS: '24' });
    const running = await startProcess({
      config: { ...config, database: { kind: 'pglite', dir } },
      modules: [optionsService],
      listen: false,
    });
    t.after(() => running.stop());
    const repo = running.ctx.store.options;
    let left: number[] = [];
    for (let i = 0; i < 200; i++) {
      left = (await repo.history('SPY', { limit: 100 })).map((r) => Math.round((r.ts - now) / hour));
      if (left.length === 2) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    assert.deepEqual(left, [-23, -1]);
  });
});
