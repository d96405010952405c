/** A streaming indicator over inputs of type I with values of type V (number for single-output indicators). */
export interface Stream<I, V> {
  update(input: I): V | null;
  replace(input: I): V | null;
  readonly value: V | null;
  readonly count: number;
}

/**
 * Base for single-output streams: subclasses implement `step(input, revise)` returning NaN during warm-up.
 * A replace before any update counts as an update.
 */
export abstract class NumberStream<I> implements Stream<I, number> {
  protected bars = 0;
  protected last = Number.NaN;

  update(input: I): number | null {
    this.bars++;
    const v = this.step(input, false);
    this.last = v;
    return !Number.isNaN(v) ? v : null;
  }

  replace(input: I): number | null {
    if (this.bars === 0) return this.update(input);
    const v = this.step(input, true);
    this.last = v;
    return !Number.isNaN(v) ? v : null;
  }

  get value(): number | null {
    return Number.isNaN(this.last) ? null : this.last;
  }

  get count(): number {
    return this.bars;
  }

  protected abstract step(input: I, revise: boolean): number;
}

/** Base for multi-output streams: `step` returns the values, or null during warm-up. */
export abstract class ObjectStream<I, V> implements Stream<I, V> {
  protected bars = 0;
  protected last: V | null = null;

  update(input: I): V | null {
    this.bars++;
    this.last = this.step(input, false);
    return this.last;
  }

  replace(input: I): V | null {
    if (this.bars === 0) return this.update(input);
    this.last = this.step(input, true);
    return this.last;
  }

  get value(): V | null {
    return this.last;
  }

  get count(): number {
    return this.bars;
  }

  protected abstract step(input: I, revise: boolean): V | null;
}
