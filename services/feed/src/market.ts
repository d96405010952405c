import { CATALOG, type CatalogEntry, type Tick } from '@bourse/core';
import { MS_PER_YEAR, mixSeed, Rng } from '@bourse/providers';

export { MS_PER_YEAR };

/**
 * Bid/ask spread as a fraction of the price per unit of annual volatility: a 26%-vol stock
 * at $228 quotes about two cents wide, EURUSD a fraction of a pip, and no spread is under one tick.
 */
const SPREAD_PER_VOL = 4e-4;
/** Dispersion (log scale) of trade sizes around the typical size: a lognormal's heavy right tail. */
const SIZE_LOG_SIGMA = 1.0;

/** Where one instrument stood when the market last stopped: enough to continue its path. */
export interface InstrumentResume {
  /** last published price */
  readonly price: number;
  /** last published seq; the next tick gets seq + 1 */
  readonly seq: number;
  /** time of that tick (epoch ms); the first new tick then moves by the time elapsed since */
  readonly ts?: number;
}

export type MarketResume = Readonly<Record<string, InstrumentResume>>;

export interface SyntheticMarketOptions {
  /** BOURSE_SEED: the same seed and the same calls give the same ticks */
  readonly seed: number;
  /** instruments to simulate; default every CATALOG entry */
  readonly instruments?: readonly CatalogEntry[];
  /** per-symbol state to continue from (a restart); symbols not listed start afresh */
  readonly resume?: MarketResume;
}

export class UnknownInstrumentError extends Error {
  override name = 'UnknownInstrumentError';
  constructor(readonly symbol: string) {
    super(`the synthetic market has no instrument ${symbol}`);
  }
}

/** Converts between prices and whole ticks without binary noise: 228.51, not 228.51000000000002. */
class Grid {
  readonly #step: number;
  /** 1/step when the step is 1/n for an integer n (0.01, 0.05, 1e-5): dividing by n is exact to the last bit. */
  readonly #perUnit: number;
  constructor(step: number) {
    this.#step = step;
    const perUnit = Math.round(1 / step);
    this.#perUnit = step < 1 && Math.abs(1 / perUnit - step) < step * 1e-9 ? perUnit : 0;
  }
  units(value: number): number {
    return Math.round(this.#perUnit > 0 ? value * this.#perUnit : value / this.#step);
  }
  value(units: number): number {
    return this.#perUnit > 0 ? units / this.#perUnit : units * this.#step;
  }
}

/** Mutable per-instrument state. `exact` is the unrounded GBM path: rounding it each step would freeze slow movers. */
interface Sim {
  readonly entry: CatalogEntry;
  readonly priceGrid: Grid;
  readonly lotGrid: Grid;
  /** mu - sigma^2/2, the drift of the log price per year */
  readonly logDrift: number;
  readonly vol: number;
  readonly spreadFraction: number;
  exact: number;
  seq: number;
  lastTs: number | undefined;
  last: Tick | undefined;
}

/**
 * The synthetic market: every instrument follows geometric Brownian motion with its own
 * drift and volatility (CATALOG `sim`), ticking at rates proportional to its weight.
 * Pure and deterministic: no clock, no I/O; time comes in as an argument.
 */
export class SyntheticMarket {
  readonly seed: number;
  readonly #sims: Sim[];
  readonly #bySymbol = new Map<string, Sim>();
  /** cumulative weights, for picking an instrument by weight with a binary search */
  readonly #cumulative: Float64Array;
  readonly #rng: Rng;

  constructor(options: SyntheticMarketOptions) {
    const instruments = options.instruments ?? CATALOG;
    if (instruments.length === 0) throw new RangeError('the synthetic market needs at least one instrument');
    this.seed = options.seed;
    const resume = options.resume ?? {};
    this.#sims = instruments.map((entry) => {
      const { vol, drift, weight, price } = entry.sim;
      if (!(weight > 0) || !(price > 0) || !(vol >= 0)) throw new RangeError(`bad sim parameters for ${entry.symbol}`);
      const from = resume[entry.symbol];
      const sim: Sim = {
        entry,
        priceGrid: new Grid(entry.tickSize),
        lotGrid: new Grid(entry.lotSize),
        logDrift: drift - (vol * vol) / 2,
        vol,
        spreadFraction: SPREAD_PER_VOL * vol,
        exact: from !== undefined && from.price > 0 ? from.price : price,
        seq: from?.seq ?? 0,
        lastTs: from?.ts,
        last: undefined,
      };
      this.#bySymbol.set(entry.symbol, sim);
      return sim;
    });
    this.#cumulative = new Float64Array(this.#sims.length);
    let total = 0;
    this.#sims.forEach((sim, i) => {
      total += sim.entry.sim.weight;
      this.#cumulative[i] = total;
    });
    // A resumed market draws a fresh stream (keyed by where it resumed), so a restart does not replay old shocks.
    const resumedSeqs = this.#sims.reduce((sum, sim) => sum + sim.seq, 0);
    this.#rng = new Rng(resumedSeqs === 0 ? mixSeed(options.seed) : mixSeed(options.seed, resumedSeqs));
  }

  get instruments(): readonly CatalogEntry[] {
    return this.#sims.map((sim) => sim.entry);
  }

  has(symbol: string): boolean {
    return this.#bySymbol.has(symbol);
  }

  /** The next tick of an instrument picked by weight, at time `ts` (epoch ms). */
  nextTick(ts: number): Tick {
    const total = this.#cumulative[this.#cumulative.length - 1]!;
    const target = this.#rng.float() * total;
    let lo = 0;
    let hi = this.#cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return this.#step(this.#sims[lo]!, ts);
  }

  /** The next tick of one given instrument at time `ts`. */
  nextTickFor(symbol: string, ts: number): Tick {
    const sim = this.#bySymbol.get(symbol);
    if (sim === undefined) throw new UnknownInstrumentError(symbol);
    return this.#step(sim, ts);
  }

  /** `n` ticks spread evenly over [fromTs, toTs): the batch form of nextTick, for catching up and for throughput. */
  nextTicks(n: number, fromTs: number, toTs: number): Tick[] {
    const ticks = new Array<Tick>(n);
    const span = Math.max(0, toTs - fromTs);
    for (let i = 0; i < n; i++) ticks[i] = this.nextTick(fromTs + Math.floor((i * span) / n));
    return ticks;
  }

  /** The last tick of an instrument, if it has ticked since this market was built. */
  lastTick(symbol: string): Tick | undefined {
    return this.#bySymbol.get(symbol)?.last;
  }

  /** The current (rounded) price of an instrument. */
  price(symbol: string): number {
    const sim = this.#bySymbol.get(symbol);
    if (sim === undefined) throw new UnknownInstrumentError(symbol);
    return sim.last?.price ?? sim.priceGrid.value(Math.max(1, sim.priceGrid.units(sim.exact)));
  }

  /** Where every instrument stands: pass it back as `resume` to continue after a restart. */
  snapshot(): Record<string, InstrumentResume> {
    const out: Record<string, InstrumentResume> = {};
    for (const sim of this.#sims) {
      out[sim.entry.symbol] =
        sim.lastTs === undefined
          ? { price: this.price(sim.entry.symbol), seq: sim.seq }
          : { price: this.price(sim.entry.symbol), seq: sim.seq, ts: sim.lastTs };
    }
    return out;
  }

  #step(sim: Sim, tsIn: number): Tick {
    const ts = Math.floor(tsIn);
    const rng = this.#rng;
    // Exact GBM step over the time since this instrument's previous tick; a clock that goes back counts as no time.
    const dt = sim.lastTs === undefined ? 0 : Math.max(0, ts - sim.lastTs) / MS_PER_YEAR;
    if (dt > 0) sim.exact *= Math.exp(sim.logDrift * dt + sim.vol * Math.sqrt(dt) * rng.normal());
    sim.lastTs = ts;

    const grid = sim.priceGrid;
    const priceUnits = Math.max(1, grid.units(sim.exact));
    // Spread in ticks, scaled with volatility, at least one; the trade lands anywhere from bid to ask.
    const spreadUnits = Math.max(1, Math.round((sim.spreadFraction * sim.exact) / sim.entry.tickSize)) + (rng.float() < 0.3 ? 1 : 0);
    const bidUnits = Math.max(priceUnits - rng.int(spreadUnits + 1), Math.min(priceUnits, 1));
    const askUnits = Math.max(bidUnits + spreadUnits, priceUnits);

    const lots = sim.entry.sim.lots;
    const size = lots > 0 ? sim.lotGrid.value(Math.max(1, Math.round(lots * Math.exp(SIZE_LOG_SIGMA * rng.normal())))) : 0;

    sim.seq += 1;
    const tick: Tick = {
      symbol: sim.entry.symbol,
      ts,
      seq: sim.seq,
      price: grid.value(priceUnits),
      size,
      bid: grid.value(bidUnits),
      ask: grid.value(askUnits),
    };
    sim.last = tick;
    return tick;
  }
}
