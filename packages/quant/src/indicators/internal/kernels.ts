/**
 * Streaming kernels shared by the indicators. Each kernel takes one value per bar through
 * `next(x, revise)`: `revise = false` appends a bar, `revise = true` recomputes the last bar
 * from the state saved before it, so a revision costs the same as an update (O(1) where the
 * kernel itself is O(1)). Kernels return NaN during their warm-up.
 *
 * The arithmetic of every kernel is written in the same order as the batch loops that use it,
 * so streaming and batch results are bit-for-bit identical.
 */

/** Fixed-size window of the latest values; a revision overwrites the newest slot. */
export class Ring {
  readonly buf: Float64Array;
  readonly size: number;
  /** Next slot to write. */
  head = 0;
  /** Values held, at most `size`. */
  count = 0;
  private evicted = Number.NaN;

  constructor(size: number) {
    this.size = size;
    this.buf = new Float64Array(size);
  }

  /** Stores x and returns the value that left the window (NaN while the window is filling). */
  push(x: number, revise: boolean): number {
    if (revise && this.count > 0) {
      this.buf[this.head === 0 ? this.size - 1 : this.head - 1] = x;
      return this.evicted;
    }
    const h = this.head;
    const out = this.count === this.size ? this.buf[h]! : Number.NaN;
    this.buf[h] = x;
    this.head = h + 1 === this.size ? 0 : h + 1;
    if (this.count < this.size) this.count++;
    this.evicted = out;
    return out;
  }

  /** The value `ago` bars back (0 is the newest). */
  at(ago: number): number {
    let i = this.head - 1 - ago;
    if (i < 0) i += this.size;
    return this.buf[i]!;
  }

  max(): number {
    const b = this.buf;
    let m = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < this.count; i++) if (b[i]! > m) m = b[i]!;
    return m;
  }

  min(): number {
    const b = this.buf;
    let m = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.count; i++) if (b[i]! < m) m = b[i]!;
    return m;
  }

  /** Bars back (0 is the newest) of the most recent maximum. */
  maxAgo(): number {
    let best = 0;
    let m = this.at(0);
    for (let ago = 1; ago < this.count; ago++) {
      const v = this.at(ago);
      if (v > m) {
        m = v;
        best = ago;
      }
    }
    return best;
  }

  /** Bars back (0 is the newest) of the most recent minimum. */
  minAgo(): number {
    let best = 0;
    let m = this.at(0);
    for (let ago = 1; ago < this.count; ago++) {
      const v = this.at(ago);
      if (v < m) {
        m = v;
        best = ago;
      }
    }
    return best;
  }
}

/** Simple moving average: running sum, add the new value then drop the one leaving the window. */
export class SmaKernel {
  private readonly buf: Float64Array;
  /** Values seen. */
  private n = 0;
  /** Slot of the newest value (which, once the window is full, held the value leaving it). */
  private slot = -1;
  private sum = 0;
  private saved = 0;
  private gone = 0;

  constructor(readonly period: number) {
    this.buf = new Float64Array(period);
  }

  next(x: number, revise: boolean): number {
    const p = this.period;
    if (revise && this.n > 0) this.sum = this.saved;
    else {
      this.saved = this.sum;
      const slot = this.slot + 1 === p ? 0 : this.slot + 1;
      this.slot = slot;
      this.gone = this.buf[slot]!;
      this.n++;
    }
    this.buf[this.slot] = x;
    let s = this.sum + x;
    if (this.n > p) s -= this.gone;
    this.sum = s;
    return this.n >= p ? s / p : Number.NaN;
  }
}

/** Running sum over a window (no division). */
export class SumKernel {
  private readonly ring: Ring;
  private sum = 0;
  private saved = 0;

  constructor(readonly period: number) {
    this.ring = new Ring(period);
  }

  next(x: number, revise: boolean): number {
    if (revise) this.sum = this.saved;
    else this.saved = this.sum;
    const gone = this.ring.push(x, revise);
    let s = this.sum + x;
    if (!Number.isNaN(gone)) s -= gone;
    this.sum = s;
    return this.ring.count === this.period ? s : Number.NaN;
  }
}

/**
 * Exponential moving average seeded with the simple average of its first `period` values
 * (TA-Lib's default). `skip` values are ignored first: TA-Lib seeds the fast EMA of MACD/APO/PPO
 * on the window that ends where the slow EMA starts.
 */
export class EmaKernel {
  private n = 0;
  private sum = 0;
  private prev = Number.NaN;
  private sN = 0;
  private sSum = 0;
  private sPrev = Number.NaN;

  constructor(
    readonly period: number,
    readonly k: number = 2 / (period + 1),
    readonly skip = 0,
  ) {}

  next(x: number, revise: boolean): number {
    if (revise) {
      this.n = this.sN;
      this.sum = this.sSum;
      this.prev = this.sPrev;
    } else {
      this.sN = this.n;
      this.sSum = this.sum;
      this.sPrev = this.prev;
    }
    const c = ++this.n;
    const seedAt = this.skip + this.period;
    if (c > seedAt) {
      this.prev = (x - this.prev) * this.k + this.prev;
      return this.prev;
    }
    if (c <= this.skip) return Number.NaN;
    this.sum += x;
    if (c < seedAt) return Number.NaN;
    this.prev = this.sum / this.period;
    return this.prev;
  }
}

/** Weighted moving average (weights period..1, newest heaviest), O(1) per bar. */
export class WmaKernel {
  private readonly ring: Ring;
  private readonly divider: number;
  private w = 0;
  private s = 0;
  private sW = 0;
  private sS = 0;

  constructor(readonly period: number) {
    this.ring = new Ring(period);
    this.divider = (period * (period + 1)) / 2;
  }

  next(x: number, revise: boolean): number {
    if (revise) {
      this.w = this.sW;
      this.s = this.sS;
    } else {
      this.sW = this.w;
      this.sS = this.s;
    }
    const gone = this.ring.push(x, revise);
    this.w = this.w - this.s + this.period * x;
    this.s += x;
    if (!Number.isNaN(gone)) this.s -= gone;
    return this.ring.count === this.period ? this.w / this.divider : Number.NaN;
  }
}

/**
 * Highest value over the window (including the newest), TA-Lib style: the position of the current maximum is
 * tracked and the window is rescanned only when that position leaves it (O(1) amortised; measured
 * faster than a monotonic deque on price series). A revision restores the position saved before
 * the last bar and applies the new value, so it costs the same as an update.
 */
export class MaxKernel {
  private readonly buf: Float64Array;
  /** Bars seen. */
  private n = 0;
  /** Slot of the newest value. */
  private slot = -1;
  /** Bar index of the current maximum, and its value. */
  private idx = -1;
  private m = Number.NaN;
  private sIdx = -1;
  private sM = Number.NaN;

  constructor(readonly period: number) {
    this.buf = new Float64Array(period);
  }

  next(x: number, revise: boolean): number {
    const p = this.period;
    if (revise && this.n > 0) {
      this.idx = this.sIdx;
      this.m = this.sM;
    } else {
      this.sIdx = this.idx;
      this.sM = this.m;
      this.n++;
      this.slot = this.slot + 1 === p ? 0 : this.slot + 1;
    }
    const b = this.buf;
    const slot = this.slot;
    b[slot] = x;
    const i = this.n - 1;
    if (i < p - 1) return Number.NaN;
    const from = i - p + 1;
    if (this.idx < from) this.rescan(from);
    else if (x >= this.m) {
      this.m = x;
      this.idx = i;
    }
    return this.m;
  }

  /** The maximum left the window: rescan it, oldest to newest (kept out of `next` so that inlines). */
  private rescan(from: number): void {
    const p = this.period;
    const b = this.buf;
    const slot = this.slot;
    let k = slot + 1 === p ? 0 : slot + 1;
    let m = b[k]!;
    let idx = from;
    for (let j = from + 1; j < from + p; j++) {
      k = k + 1 === p ? 0 : k + 1;
      const v = b[k]!;
      if (v >= m) {
        m = v;
        idx = j;
      }
    }
    this.m = m;
    this.idx = idx;
  }
}

/**
 * Lowest value over the window (including the newest): MaxKernel on the negated values, exactly (negation is
 * exact, and `-v >= -m` picks the newest of equal lows as `v <= m` would).
 */
export class MinKernel {
  private readonly max: MaxKernel;

  constructor(readonly period: number) {
    this.max = new MaxKernel(period);
  }

  next(x: number, revise: boolean): number {
    return -this.max.next(-x, revise);
  }
}

/**
 * Highest high and lowest low over the window in one kernel (Stochastic, Williams %R), tracked
 * like MaxKernel/MinKernel. `next` returns true once the window is full and leaves the extremes
 * in `hh` and `ll` (a boolean result keeps the call free of number boxing when it does not inline).
 */
export class HighLowKernel {
  hh = Number.NaN;
  ll = Number.NaN;
  private readonly hBuf: Float64Array;
  private readonly lBuf: Float64Array;
  private n = 0;
  private slot = -1;
  private hi = -1;
  private lo = -1;
  private sHi = -1;
  private sLo = -1;
  private sHh = Number.NaN;
  private sLl = Number.NaN;

  constructor(readonly period: number) {
    this.hBuf = new Float64Array(period);
    this.lBuf = new Float64Array(period);
  }

  next(high: number, low: number, revise: boolean): boolean {
    const p = this.period;
    if (revise && this.n > 0) {
      this.hi = this.sHi;
      this.lo = this.sLo;
      this.hh = this.sHh;
      this.ll = this.sLl;
    } else {
      this.sHi = this.hi;
      this.sLo = this.lo;
      this.sHh = this.hh;
      this.sLl = this.ll;
      this.n++;
      this.slot = this.slot + 1 === p ? 0 : this.slot + 1;
    }
    this.hBuf[this.slot] = high;
    this.lBuf[this.slot] = low;
    const i = this.n - 1;
    if (i < p - 1) return false;
    const from = i - p + 1;
    if (this.hi < from) this.rescanHigh(from);
    else if (high >= this.hh) {
      this.hh = high;
      this.hi = i;
    }
    if (this.lo < from) this.rescanLow(from);
    else if (low <= this.ll) {
      this.ll = low;
      this.lo = i;
    }
    return true;
  }

  private rescanHigh(from: number): void {
    const p = this.period;
    const b = this.hBuf;
    let k = this.slot + 1 === p ? 0 : this.slot + 1;
    let m = b[k]!;
    let idx = from;
    for (let j = from + 1; j < from + p; j++) {
      k = k + 1 === p ? 0 : k + 1;
      if (b[k]! >= m) {
        m = b[k]!;
        idx = j;
      }
    }
    this.hh = m;
    this.hi = idx;
  }

  private rescanLow(from: number): void {
    const p = this.period;
    const b = this.lBuf;
    let k = this.slot + 1 === p ? 0 : this.slot + 1;
    let m = b[k]!;
    let idx = from;
    for (let j = from + 1; j < from + p; j++) {
      k = k + 1 === p ? 0 : k + 1;
      if (b[k]! <= m) {
        m = b[k]!;
        idx = j;
      }
    }
    this.ll = m;
    this.lo = idx;
  }
}
