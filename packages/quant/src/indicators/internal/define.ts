import type { IndicatorDefinition, IndicatorStream, InputName, OhlcvBar, OutputValues, ParamSpec, Params, SeriesInputs } from '../types.ts';
import type { Stream } from './stream.ts';
import { input } from './util.ts';

/**
 * What each indicator file uses to describe itself to the registry: parameter specs, adapters from
 * its own stream class to the registry's whole-bar, named-output streams, and `defineIndicator`.
 */

// ---- parameter specs -------------------------------------------------------------------------

export function int<P extends string>(name: P, def: number, min: number, max: number, description: string): ParamSpec<P> {
  return { name, description, default: def, min, max, integer: true };
}
export function real<P extends string>(name: P, def: number, min: number, max: number, description: string): ParamSpec<P> {
  return { name, description, default: def, min, max, integer: false };
}
/** Upper bound of every window-length parameter. */
export const MAX_PERIOD = 100_000;
export const periodParam = (def: number, min = 2) => int('period', def, min, MAX_PERIOD, 'Number of bars in the window');

// ---- stream adapters: the registry's streams read whole OHLCV bars and report every output by name

class SingleOutput<I> implements IndicatorStream<'value'> {
  constructor(
    private readonly s: Stream<I, number>,
    private readonly read: (bar: OhlcvBar) => I,
  ) {}
  private wrap(v: number | null): OutputValues<'value'> | null {
    return v === null ? null : { value: v };
  }
  update(bar: OhlcvBar) {
    return this.wrap(this.s.update(this.read(bar)));
  }
  replace(bar: OhlcvBar) {
    return this.wrap(this.s.replace(this.read(bar)));
  }
  get value() {
    return this.wrap(this.s.value);
  }
  get count() {
    return this.s.count;
  }
}

class MultiOutput<I, O extends string> implements IndicatorStream<O> {
  constructor(
    private readonly s: Stream<I, OutputValues<O>>,
    private readonly read: (bar: OhlcvBar) => I,
  ) {}
  update(bar: OhlcvBar) {
    return this.s.update(this.read(bar));
  }
  replace(bar: OhlcvBar) {
    return this.s.replace(this.read(bar));
  }
  get value() {
    return this.s.value;
  }
  get count() {
    return this.s.count;
  }
}

export const closeOf = (bar: OhlcvBar) => bar.close;
export const barOf = (bar: OhlcvBar) => bar;
export const single = <I>(s: Stream<I, number>, read: (bar: OhlcvBar) => I): IndicatorStream<'value'> => new SingleOutput(s, read);
export const multi = <I, O extends string>(s: Stream<I, OutputValues<O>>, read: (bar: OhlcvBar) => I): IndicatorStream<O> =>
  new MultiOutput(s, read);

// ---- input series ---------------------------------------------------------------------------

export const C: readonly InputName[] = ['close'];
export const HL: readonly InputName[] = ['high', 'low'];
export const HLC: readonly InputName[] = ['high', 'low', 'close'];
export const HLCV: readonly InputName[] = ['high', 'low', 'close', 'volume'];

/** The named columns of a batch input; a TypeError names a missing one. */
export const col = {
  close: (i: SeriesInputs) => input(i, 'close'),
  high: (i: SeriesInputs) => input(i, 'high'),
  low: (i: SeriesInputs) => input(i, 'low'),
  volume: (i: SeriesInputs) => input(i, 'volume'),
};

/** A single-output batch result under its output name. */
export const asValue = (value: Float64Array) => ({ value });

// ---- definitions ----------------------------------------------------------------------------

type Group = IndicatorDefinition['group'];

interface DefinitionSpec<P extends string, O extends string> {
  name: string;
  title: string;
  description: string;
  group: Group;
  inputs: readonly InputName[];
  optionalInputs?: readonly InputName[];
  params: readonly ParamSpec<P>[];
  outputs: readonly O[];
  talib: string | null;
  lookback: (p: Params<P>) => number;
  batch: (i: SeriesInputs, p: Params<P>) => { [K in O]: Float64Array };
  stream: (p: Params<P>) => IndicatorStream<O>;
}

export function defineIndicator<P extends string, O extends string>(d: DefinitionSpec<P, O>): IndicatorDefinition<P, O> {
  return Object.freeze({ optionalInputs: [], ...d });
}

interface PeriodSpec<I> {
  name: string;
  title: string;
  description: string;
  group: Group;
  talib: string | null;
  period: ParamSpec<'period'>;
  lookback: (period: number) => number;
  stream: (period: number) => Stream<I, number>;
}

/** One parameter, `period`, and one output, `value`, over the given input columns. */
function periodIndicator<I>(
  d: PeriodSpec<I>,
  inputs: readonly InputName[],
  batch: (i: SeriesInputs, period: number) => Float64Array,
  pick: (bar: OhlcvBar) => I,
): IndicatorDefinition<'period', 'value'> {
  return defineIndicator({
    name: d.name,
    title: d.title,
    description: d.description,
    group: d.group,
    inputs,
    params: [d.period],
    outputs: ['value'],
    talib: d.talib,
    lookback: (p) => d.lookback(p.period),
    batch: (i, p) => asValue(batch(i, p.period)),
    stream: (p) => single(d.stream(p.period), pick),
  });
}

/** A close-only indicator with one parameter, `period`, and one output, `value`. */
export function closePeriodIndicator(
  d: PeriodSpec<number> & { batch: (close: Float64Array, period: number) => Float64Array },
): IndicatorDefinition<'period', 'value'> {
  return periodIndicator(d, C, (i, period) => d.batch(col.close(i), period), closeOf);
}

/** A high/low/close indicator with one parameter, `period`, and one output, `value`. */
export function hlcPeriodIndicator(
  d: PeriodSpec<OhlcvBar> & { batch: (high: Float64Array, low: Float64Array, close: Float64Array, period: number) => Float64Array },
): IndicatorDefinition<'period', 'value'> {
  return periodIndicator(d, HLC, (i, period) => d.batch(col.high(i), col.low(i), col.close(i), period), barOf);
}
