import { type Interval, INTERVALS } from '@bourse/core';
import {
  type MacroSeries,
  type Provider,
  ProviderError,
  type ProviderBar,
  type ProviderInstrument,
  type SourceId,
} from '@bourse/providers';

/**
 * A provider whose answers a test sets: bars per symbol, a description per symbol, failures per
 * symbol; optionally slow (so a worker can be killed mid-job). For the etl tests only.
 */
export class FixtureProvider implements Provider {
  readonly capabilities;
  readonly bars = new Map<string, Omit<ProviderBar, 'symbol' | 'interval' | 'source'>[]>();
  readonly instruments = new Map<string, ProviderInstrument>();
  readonly failures = new Map<string, ProviderError>();
  readonly series = new Map<string, Omit<MacroSeries, 'source'>>();
  delayMs = 0;
  calls = 0;
  constructor(readonly id: SourceId) {
    this.capabilities = {
      history: INTERVALS,
      quotes: false,
      corporateActions: false,
      instruments: true,
      macro: id === 'fred',
      live: false,
    };
  }

  providerSymbol(symbol: string): string | undefined {
    return this.bars.has(symbol) || this.failures.has(symbol) ? symbol : undefined;
  }

  async history(symbol: string, interval: Interval, from: number, to: number): Promise<ProviderBar[]> {
    this.calls += 1;
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    const failure = this.failures.get(symbol);
    if (failure) throw failure;
    return (this.bars.get(symbol) ?? [])
      .filter((b) => !Number.isFinite(b.start) || (b.start >= from && b.start < to))
      .map((b) => ({ ...b, symbol, interval, source: this.id }));
  }

  async instrument(symbol: string): Promise<ProviderInstrument> {
    const found = this.instruments.get(symbol);
    if (!found) throw new ProviderError(this.id, 'not_found', `no instrument ${symbol}`, { symbol });
    return found;
  }

  async macro(seriesId: string): Promise<MacroSeries> {
    const found = this.series.get(seriesId);
    if (!found) throw new ProviderError(this.id, 'not_found', `no series ${seriesId}`, { symbol: seriesId });
    return { ...found, source: this.id };
  }
}
