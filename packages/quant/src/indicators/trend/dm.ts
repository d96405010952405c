import { barOf, col, defineIndicator, HLC, hlcPeriodIndicator, multi, periodParam } from '../internal/define.ts';
import { NumberStream, type Stream } from '../internal/stream.ts';
import { output, outputs3 } from '../internal/util.ts';
import { isZero } from '../momentum/wilder.ts';
import type { HlcBar } from '../types.ts';

/**
 * Wilder's directional movement system (1978) in TA-Lib's arithmetic: +DM/-DM and the true range
 * are summed over period-1 bars, then smoothed with s = s - s/period + x; +DI = 100 * +DM / TR,
 * DX = 100 * |+DI - -DI| / (+DI + -DI), ADX = mean of the first `period` DX, then Wilder-smoothed.
 */
export class DmKernel {
  plusDi = Number.NaN;
  minusDi = Number.NaN;
  /** DX at this bar, NaN when undefined (no range or no movement). */
  dx = Number.NaN;
  private n = 0;
  private ph = 0;
  private pl = 0;
  private pc = 0;
  private pdm = 0;
  private mdm = 0;
  private tr = 0;
  private readonly saved = new Float64Array(7);
  constructor(readonly period: number) {}

  /** True once +DI/-DI are defined (from bar `period` on). */
  next(high: number, low: number, close: number, revise: boolean): boolean {
    const sv = this.saved;
    if (revise) {
      this.n = sv[0]!;
      this.ph = sv[1]!;
      this.pl = sv[2]!;
      this.pc = sv[3]!;
      this.pdm = sv[4]!;
      this.mdm = sv[5]!;
      this.tr = sv[6]!;
    } else {
      sv[0] = this.n;
      sv[1] = this.ph;
      sv[2] = this.pl;
      sv[3] = this.pc;
      sv[4] = this.pdm;
      sv[5] = this.mdm;
      sv[6] = this.tr;
    }
    const c = ++this.n;
    const diffP = high - this.ph;
    const diffM = this.pl - low;
    const pc = this.pc;
    this.ph = high;
    this.pl = low;
    this.pc = close;
    if (c === 1) return false;
    const p = this.period;
    const tr = Math.max(high, pc) - Math.min(low, pc);
    if (c < p + 1) {
      if (diffM > 0 && diffP < diffM) this.mdm += diffM;
      else if (diffP > 0 && diffP > diffM) this.pdm += diffP;
      this.tr += tr;
      return false;
    }
    this.mdm -= this.mdm / p;
    this.pdm -= this.pdm / p;
    if (diffM > 0 && diffP < diffM) this.mdm += diffM;
    else if (diffP > 0 && diffP > diffM) this.pdm += diffP;
    this.tr = this.tr - this.tr / p + tr;
    if (isZero(this.tr)) {
      this.plusDi = 0;
      this.minusDi = 0;
      this.dx = Number.NaN;
      return true;
    }
    const m = 100 * (this.mdm / this.tr);
    const q = 100 * (this.pdm / this.tr);
    this.minusDi = m;
    this.plusDi = q;
    const t = m + q;
    this.dx = isZero(t) ? Number.NaN : 100 * (Math.abs(m - q) / t);
    return true;
  }
}

export interface AdxValue {
  readonly adx: number;
  readonly plusDi: number;
  readonly minusDi: number;
}

export interface AdxOutput {
  readonly adx: Float64Array;
  readonly plusDi: Float64Array;
  readonly minusDi: Float64Array;
}

/** Average directional index with +DI and -DI (Wilder; TA-Lib ADX, PLUS_DI, MINUS_DI). Interpretation: ADX above 25 marks a trend. */
export function adxLookback(period: number): number {
  return 2 * period - 1;
}

export function adx(high: Float64Array, low: Float64Array, close: Float64Array, period: number): AdxOutput {
  const n = close.length;
  const lb = 2 * period - 1;
  const [outA, outP, outM] = outputs3(n, lb);
  if (n <= lb) return { adx: outA, plusDi: outP, minusDi: outM };
  let pdm = 0;
  let mdm = 0;
  let tr = 0;
  for (let i = 1; i < period; i++) {
    const diffP = high[i]! - high[i - 1]!;
    const diffM = low[i - 1]! - low[i]!;
    if (diffM > 0 && diffP < diffM) mdm += diffM;
    else if (diffP > 0 && diffP > diffM) pdm += diffP;
    const pc = close[i - 1]!;
    tr += Math.max(high[i]!, pc) - Math.min(low[i]!, pc);
  }
  let sumDx = 0;
  let a = 0;
  // the previous bar's high, low and close ride along in locals
  let ph = high[period - 1]!;
  let pl = low[period - 1]!;
  let pc = close[period - 1]!;
  for (let i = period; i < n; i++) {
    const h = high[i]!;
    const l = low[i]!;
    const diffP = h - ph;
    const diffM = pl - l;
    mdm -= mdm / period;
    pdm -= pdm / period;
    if (diffM > 0 && diffP < diffM) mdm += diffM;
    else if (diffP > 0 && diffP > diffM) pdm += diffP;
    tr = tr - tr / period + (Math.max(h, pc) - Math.min(l, pc));
    ph = h;
    pl = l;
    pc = close[i]!;
    let m = 0;
    let q = 0;
    let dx = Number.NaN;
    // isZero, written out
    if (!(tr > -1e-14 && tr < 1e-14)) {
      m = 100 * (mdm / tr);
      q = 100 * (pdm / tr);
      const t = m + q;
      if (!(t > -1e-14 && t < 1e-14)) dx = 100 * (Math.abs(m - q) / t);
    }
    if (i < lb) {
      if (!Number.isNaN(dx)) sumDx += dx;
      continue;
    }
    if (i === lb) {
      if (!Number.isNaN(dx)) sumDx += dx;
      a = sumDx / period;
    } else if (!Number.isNaN(dx)) a = (a * (period - 1) + dx) / period;
    outA[i] = a;
    outP[i] = q;
    outM[i] = m;
  }
  return { adx: outA, plusDi: outP, minusDi: outM };
}

/**
 * Streaming ADX with +DI and -DI. `update`/`replace` return one result object per instance, updated in place
 * on every call (no allocation per bar): copy it to keep a bar's values.
 */
export class Adx implements Stream<HlcBar, AdxValue> {
  private readonly dm: DmKernel;
  private readonly out = { adx: 0, plusDi: 0, minusDi: 0 };
  private bars = 0;
  private ready = false;
  private k = 0;
  private sumDx = 0;
  private a = 0;
  private sK = 0;
  private sSumDx = 0;
  private sA = 0;
  constructor(readonly period: number) {
    this.dm = new DmKernel(period);
  }
  update(bar: HlcBar): AdxValue | null {
    this.bars++;
    return this.step(bar, false);
  }
  replace(bar: HlcBar): AdxValue | null {
    if (this.bars === 0) return this.update(bar);
    return this.step(bar, true);
  }
  get value(): AdxValue | null {
    return this.ready ? this.out : null;
  }
  get count(): number {
    return this.bars;
  }
  private step(bar: HlcBar, revise: boolean): AdxValue | null {
    this.ready = false;
    if (revise) {
      this.k = this.sK;
      this.sumDx = this.sSumDx;
      this.a = this.sA;
    } else {
      this.sK = this.k;
      this.sSumDx = this.sumDx;
      this.sA = this.a;
    }
    const dm = this.dm;
    if (!dm.next(bar.high, bar.low, bar.close, revise)) return null;
    const p = this.period;
    const dx = dm.dx;
    const k = ++this.k;
    if (k < p) {
      if (!Number.isNaN(dx)) this.sumDx += dx;
      return null;
    }
    if (k === p) {
      if (!Number.isNaN(dx)) this.sumDx += dx;
      this.a = this.sumDx / p;
    } else if (!Number.isNaN(dx)) this.a = (this.a * (p - 1) + dx) / p;
    const out = this.out;
    out.adx = this.a;
    out.plusDi = dm.plusDi;
    out.minusDi = dm.minusDi;
    this.ready = true;
    return out;
  }
}

type DmOutput = 'plusDi' | 'minusDi' | 'dx';

class DmStream extends NumberStream<HlcBar> {
  private readonly dm: DmKernel;
  constructor(
    readonly period: number,
    private readonly which: DmOutput,
  ) {
    super();
    this.dm = new DmKernel(period);
  }
  /** @internal batch entry point */
  next(high: number, low: number, close: number, revise: boolean): number {
    if (!this.dm.next(high, low, close, revise)) return Number.NaN;
    const v = this.dm[this.which];
    // TA-Lib's DX reports 0 where it is undefined
    return Number.isNaN(v) ? 0 : v;
  }
  protected step(bar: HlcBar, revise: boolean): number {
    return this.next(bar.high, bar.low, bar.close, revise);
  }
}

function dmBatch(high: Float64Array, low: Float64Array, close: Float64Array, period: number, which: DmOutput): Float64Array {
  const s = new DmStream(period, which);
  const out = output(close.length, period);
  for (let i = 0; i < close.length; i++) out[i] = s.next(high[i]!, low[i]!, close[i]!, false);
  return out;
}

/** Lookback of DX, +DI and -DI. */
export function dmLookback(period: number): number {
  return period;
}

/** Directional movement index DX (TA-Lib DX). */
export const dx = (high: Float64Array, low: Float64Array, close: Float64Array, period: number) => dmBatch(high, low, close, period, 'dx');
/** Plus directional indicator +DI (TA-Lib PLUS_DI). */
export const plusDi = (high: Float64Array, low: Float64Array, close: Float64Array, period: number) =>
  dmBatch(high, low, close, period, 'plusDi');
/** Minus directional indicator -DI (TA-Lib MINUS_DI). */
export const minusDi = (high: Float64Array, low: Float64Array, close: Float64Array, period: number) =>
  dmBatch(high, low, close, period, 'minusDi');

export class Dx extends DmStream {
  constructor(period: number) {
    super(period, 'dx');
  }
}
export class PlusDi extends DmStream {
  constructor(period: number) {
    super(period, 'plusDi');
  }
}
export class MinusDi extends DmStream {
  constructor(period: number) {
    super(period, 'minusDi');
  }
}

export const adxIndicator = defineIndicator({
  name: 'adx',
  title: 'Average Directional Index',
  description: "Wilder's ADX with the +DI and -DI lines.",
  group: 'trend',
  inputs: HLC,
  params: [periodParam(14)],
  outputs: ['adx', 'plusDi', 'minusDi'],
  talib: 'ADX',
  lookback: (p) => adxLookback(p.period),
  batch: (i, p) => adx(col.high(i), col.low(i), col.close(i), p.period),
  stream: (p) => multi(new Adx(p.period), barOf),
});

export const dxIndicator = hlcPeriodIndicator({
  name: 'dx',
  title: 'Directional Movement Index',
  description: '100 * |+DI - -DI| / (+DI + -DI).',
  group: 'trend',
  talib: 'DX',
  period: periodParam(14),
  lookback: dmLookback,
  batch: dx,
  stream: (p) => new Dx(p),
});

export const plusDiIndicator = hlcPeriodIndicator({
  name: 'plus_di',
  title: 'Plus Directional Indicator',
  description: '+DI: smoothed upward movement over smoothed true range.',
  group: 'trend',
  talib: 'PLUS_DI',
  period: periodParam(14),
  lookback: dmLookback,
  batch: plusDi,
  stream: (p) => new PlusDi(p),
});

export const minusDiIndicator = hlcPeriodIndicator({
  name: 'minus_di',
  title: 'Minus Directional Indicator',
  description: '-DI: smoothed downward movement over smoothed true range.',
  group: 'trend',
  talib: 'MINUS_DI',
  period: periodParam(14),
  lookback: dmLookback,
  batch: minusDi,
  stream: (p) => new MinusDi(p),
});
