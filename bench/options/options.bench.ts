// Options benchmark: price + all greeks and implied volatility on 1,000,000 random quotes, against npm peers,
// plus full analytics of one 1,000-contract chain. Run: node --import tsx bench/options/options.bench.ts
// Quotes have q = 0 because none of the peers takes a dividend yield; 20% expire within 7 days and a fifth are
// deep in or out of the money (|ln(K/F)| in [0.4, 1.2]).
import os from 'node:os';
import { BlackScholes } from '@uqee/black-scholes';
import blackScholesPkg from 'black-scholes';
import greeksPkg from 'greeks';
import impliedVolatilityPkg from 'implied-volatility';
import {
  bsmImpliedVolOrCode,
  bsmPrice,
  type ChainStrike,
  GREEKS_STRIDE,
  maxPain,
  priceAndGreeksInto,
  putCallRatio,
  riskReversalAndButterfly,
} from '../../packages/quant/src/options/index.ts';

type Peer = (...args: unknown[]) => number;
const bs = (blackScholesPkg as { blackScholes: Peer }).blackScholes;
const greeks = greeksPkg as Record<'getDelta' | 'getGamma' | 'getVega' | 'getTheta' | 'getRho', Peer>;
const getImpliedVolatility = (impliedVolatilityPkg as { getImpliedVolatility: Peer }).getImpliedVolatility;

const N = Number(process.env.QUOTES ?? 1_000_000);
const RUNS = 5;

let seed = 42;
function rnd(): number {
  seed = (seed * 16807) % 2147483647;
  return seed / 2147483647;
}

const S = new Float64Array(N);
const K = new Float64Array(N);
const T = new Float64Array(N);
const V = new Float64Array(N);
const R = new Float64Array(N);
const P = new Float64Array(N);
const isCall = new Uint8Array(N);
for (let i = 0; i < N; i++) {
  S[i] = 50 + rnd() * 450;
  T[i] = rnd() < 0.2 ? (1 + rnd() * 6) / 365 : 7 / 365 + rnd() * (5 - 7 / 365);
  V[i] = 0.05 + rnd() * 0.95;
  R[i] = rnd() * 0.08;
  const deep = rnd() < 0.2;
  const lm = deep ? (rnd() < 0.5 ? -1 : 1) * (0.4 + rnd() * 0.8) : (rnd() - 0.5) * 0.4;
  K[i] = S[i]! * Math.exp(R[i]! * T[i]! + lm);
  isCall[i] = rnd() < 0.5 ? 1 : 0;
  P[i] = bsmPrice(isCall[i] ? 'call' : 'put', S[i]!, K[i]!, T[i]!, V[i]!, R[i]!, 0);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
function time(runs: number, fn: () => void): number {
  const out: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    fn();
    out.push(Number(process.hrtime.bigint() - t0));
  }
  return median(out);
}
let sink = 0;
const rows: string[][] = [];
function report(name: string, count: number, ns: number, runs: number, extra = ''): void {
  rows.push([name, count.toLocaleString('en-US'), (ns / count).toFixed(0), String(runs), extra]);
  console.log(`${name}: ${(ns / count).toFixed(1)} ns/quote over ${count} quotes (median of ${runs}) ${extra}`);
}

// --- price + greeks ---------------------------------------------------------------------------------------
const out = new Float64Array(GREEKS_STRIDE);
report(
  'Bourse priceAndGreeksInto (price + 9 greeks)',
  N,
  time(RUNS, () => {
    for (let i = 0; i < N; i++) {
      priceAndGreeksInto(out, 0, isCall[i] === 1, S[i]!, K[i]!, T[i]!, V[i]!, R[i]!, 0, false);
      sink += out[0]!;
    }
  }),
  RUNS,
);
const uqee = new BlackScholes({ sigmaToPricePrecision: 'double' });
report(
  '@uqee/black-scholes double (price + 5 greeks)',
  N,
  time(RUNS, () => {
    for (let i = 0; i < N; i++) {
      const o = uqee.option({ rate: R[i]!, sigma: V[i]!, strike: K[i]!, time: T[i]!, type: isCall[i] ? 'call' : 'put', underlying: S[i]! });
      sink += o.price;
    }
  }),
  RUNS,
);
const SUB = Math.min(N, 100_000);
const BSSUB = Math.min(N, 2000);
report(
  'black-scholes + greeks (price + 5 greeks)',
  BSSUB,
  time(3, () => {
    for (let i = 0; i < BSSUB; i++) {
      const cp = isCall[i] ? 'call' : 'put';
      const s = S[i]!;
      const k = K[i]!;
      const t = T[i]!;
      const v = V[i]!;
      const r = R[i]!;
      sink += bs(s, k, t, v, r, cp) + greeks.getDelta(s, k, t, v, r, cp) + greeks.getGamma(s, k, t, v, r) + greeks.getVega(s, k, t, v, r);
      sink += greeks.getTheta(s, k, t, v, r, cp) + greeks.getRho(s, k, t, v, r, cp);
    }
  }),
  3,
  '(2,000-quote subsample: its normal CDF sums a 100-term series)',
);

// --- implied volatility -----------------------------------------------------------------------------------
/**
 * A quote is solvable when its price lies strictly inside the no-arbitrage bounds and has time value in
 * double precision: in undiscounted forward terms (price / D against max(F − K, 0), F = S·e^{rT}), the
 * time value exceeds the rounding that the intrinsic value itself carries, 4 ulps of max(F, K).
 */
function hasTimeValue(i: number): boolean {
  // The forward and the undiscounted price are formed as BSM defines them (F = S·e^{(r−q)T}, P / e^{−rT}):
  // a time value of 4 ulps is at the edge of what double precision resolves, so one rounding more or less
  // in F decides which side of the edge a quote falls.
  const df = Math.exp(-R[i]! * T[i]!);
  const forward = S[i]! * Math.exp(R[i]! * T[i]!);
  const undiscounted = P[i]! / df;
  const intrinsic = Math.max(isCall[i] ? forward - K[i]! : K[i]! - forward, 0);
  const upper = isCall[i] ? forward : K[i]!;
  const timeValue = undiscounted - intrinsic;
  return timeValue > 4 * Number.EPSILON * Math.max(forward, K[i]!) && undiscounted < upper && P[i]! > 0;
}
let solvable = 0;
const solvableMask = new Uint8Array(N);
for (let i = 0; i < N; i++) if (hasTimeValue(i)) solvableMask[i] = 1;
for (let i = 0; i < N; i++) solvable += solvableMask[i]!;

function ivStats(count: number, solve: (i: number) => number): string {
  let failures = 0;
  let within1e12 = 0;
  let within1e6 = 0;
  let maxErr = 0;
  let considered = 0;
  for (let i = 0; i < count; i++) {
    if (!solvableMask[i]) continue;
    considered++;
    const iv = solve(i);
    if (!(iv > 0 && Number.isFinite(iv))) {
      failures++;
      continue;
    }
    const re = Math.abs(bsmPrice(isCall[i] ? 'call' : 'put', S[i]!, K[i]!, T[i]!, iv, R[i]!, 0) - P[i]!) / P[i]!;
    if (re <= 1e-12) within1e12++;
    if (re <= 1e-6) within1e6++;
    if (re > maxErr) maxErr = re;
  }
  return `failures ${failures}/${considered} (${((100 * failures) / considered).toFixed(1)}%), reprice ≤1e-12: ${((100 * within1e12) / considered).toFixed(1)}%, ≤1e-6: ${((100 * within1e6) / considered).toFixed(1)}%, max reprice error ${maxErr.toExponential(2)}`;
}

// The allocation-free public path (bsmImpliedVol returns the same numbers wrapped in an {ok, volatility} object).
const ours = (i: number) => bsmImpliedVolOrCode(isCall[i] === 1, P[i]!, S[i]!, K[i]!, T[i]!, R[i]!, 0);
report(
  'Bourse bsmImpliedVolOrCode (Let’s Be Rational, allocation-free)',
  N,
  time(RUNS, () => {
    for (let i = 0; i < N; i++) sink += ours(i);
  }),
  RUNS,
  ivStats(N, ours),
);
const uqeeNewton = new BlackScholes({ sigmaToPricePrecision: 'double', priceToSigmaMethod: 'newton-raphson' });
const uqeeBisection = new BlackScholes({ sigmaToPricePrecision: 'double', priceToSigmaMethod: 'bisection' });
for (const [name, solver] of [
  ['@uqee/black-scholes Newton', uqeeNewton],
  ['@uqee/black-scholes bisection', uqeeBisection],
] as const) {
  const f = (i: number) =>
    solver.sigma({ price: P[i]!, rate: R[i]!, strike: K[i]!, time: T[i]!, type: isCall[i] ? 'call' : 'put', underlying: S[i]! });
  report(
    name,
    SUB,
    time(3, () => {
      for (let i = 0; i < SUB; i++) sink += f(i);
    }),
    3,
    `(100,000-quote subsample) ${ivStats(SUB, f)}`,
  );
}
const IVSUB = 1000;
const ivPeer = (i: number) => getImpliedVolatility(P[i]!, S[i]!, K[i]!, T[i]!, R[i]!, isCall[i] ? 'call' : 'put', 0.3);
report(
  'implied-volatility',
  IVSUB,
  time(1, () => {
    for (let i = 0; i < IVSUB; i++) sink += ivPeer(i);
  }),
  1,
  `(1,000-quote subsample; slow) ${ivStats(IVSUB, ivPeer)}`,
);

// --- one chain: 500 strikes x call/put ---------------------------------------------------------------------
const spot = 4500;
const tChain = 30 / 365;
const rChain = 0.04;
const strikes = Array.from({ length: 500 }, (_, i) => spot * (0.6 + (0.8 * i) / 499));
const callPrices = strikes.map((k) =>
  bsmPrice('call', spot, k, tChain, 0.18 + 0.25 * Math.log(k / spot) ** 2 - 0.1 * Math.log(k / spot), rChain, 0),
);
const putPrices = strikes.map((k) =>
  bsmPrice('put', spot, k, tChain, 0.18 + 0.25 * Math.log(k / spot) ** 2 - 0.1 * Math.log(k / spot), rChain, 0),
);
const chainGreeks = new Float64Array(1000 * GREEKS_STRIDE);
const chainRows: ChainStrike[] = strikes.map((k, i) => ({
  strike: k,
  callOpenInterest: 1000 + ((i * 7919) % 5000),
  putOpenInterest: 1000 + ((i * 104729) % 7000),
  callVolume: (i * 31) % 900,
  putVolume: (i * 17) % 1100,
}));
const smile = new Array(500).fill(null).map(() => ({ delta: 0, volatility: 0 }));
function chainAnalytics(): void {
  for (let i = 0; i < 500; i++) {
    const k = strikes[i]!;
    const cv = Math.max(bsmImpliedVolOrCode(true, callPrices[i]!, spot, k, tChain, rChain, 0), 0);
    const pv = Math.max(bsmImpliedVolOrCode(false, putPrices[i]!, spot, k, tChain, rChain, 0), 0);
    priceAndGreeksInto(chainGreeks, 2 * i * GREEKS_STRIDE, true, spot, k, tChain, cv, rChain, 0, false);
    priceAndGreeksInto(chainGreeks, (2 * i + 1) * GREEKS_STRIDE, false, spot, k, tChain, pv, rChain, 0, false);
    const sp = smile[i]!;
    sp.delta = chainGreeks[2 * i * GREEKS_STRIDE + 1]!;
    sp.volatility = cv;
  }
  const pcr = putCallRatio(chainRows);
  const mp = maxPain(chainRows);
  const rr = riskReversalAndButterfly(smile);
  sink += (pcr.byOpenInterest ?? 0) + (mp?.strike ?? 0) + (rr?.riskReversal ?? 0);
}
for (let i = 0; i < 50; i++) chainAnalytics();
const REPS = 200;
const chainNs = time(RUNS, () => {
  for (let i = 0; i < REPS; i++) chainAnalytics();
});
rows.push([
  'Bourse chain analytics (1,000 contracts: IV + greeks + PCR + max pain + smile RR/BF)',
  '1 chain',
  `${(chainNs / REPS / 1e6).toFixed(3)} ms/chain`,
  String(RUNS),
  '',
]);
console.log(`chain analytics: ${(chainNs / REPS / 1e6).toFixed(3)} ms per 1,000-contract chain`);

console.log('\n| Benchmark | Quotes | ns/quote | Runs (median) | Notes |\n|---|---:|---:|---:|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
console.log(`\nsolvable quotes (strictly inside bounds, with time value): ${solvable} of ${N}`);
console.log(`machine: nproc ${os.availableParallelism()}, ${os.cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}`);
if (sink === 42) console.log('');
