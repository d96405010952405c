import type { HttpJson } from './http.ts';
import { ProviderError, type SourceId } from './port.ts';
import type { SymbolResolver } from './symbols.ts';

/** What every HTTP connector is built from: its transport (root URL, key, resilience) and its symbol mapping. */
export interface ConnectorOptions {
  readonly http: HttpJson;
  readonly symbols: SymbolResolver;
}

/** The provider's symbol, or a not_found ProviderError when the mapping has none. */
export function requireSymbol(provider: SourceId, symbols: SymbolResolver, symbol: string): string {
  const mapped = symbols(symbol);
  if (mapped === undefined) throw new ProviderError(provider, 'not_found', `${symbol}: no ${provider} symbol is mapped for it`, { symbol });
  return mapped;
}

/** Bars sorted by start, one per start (a later row for the same bucket wins: a provider's revision), inside [from, to). */
export function inRange<T extends { readonly start: number }>(bars: readonly T[], from: number, to: number): T[] {
  const byStart = new Map<number, T>();
  for (const bar of bars) if (bar.start >= from && bar.start < to) byStart.set(bar.start, bar);
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}
