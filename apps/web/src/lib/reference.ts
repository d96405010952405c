import { useEffect, useState } from 'react';
import { api, ok } from './api';

export type SymbolInfo = Awaited<ReturnType<typeof loadSymbols>>[number];
export type Exchange = Awaited<ReturnType<typeof loadExchanges>>[number];

export interface Reference {
  symbols: Map<string, SymbolInfo>;
  exchanges: Map<string, Exchange>;
}

async function loadSymbols() {
  return (await ok(api.GET('/api/v1/symbols', { params: { query: { limit: 500, offset: 0 } } }))).data;
}
async function loadExchanges() {
  return (await ok(api.GET('/api/v1/exchanges'))).data;
}

let cached: Promise<Reference> | undefined;

/** The instruments and exchanges, loaded once per page (they change only when an admin registers one). */
export function loadReference(): Promise<Reference> {
  cached ??= Promise.all([loadSymbols(), loadExchanges()]).then(
    ([symbols, exchanges]) => ({
      symbols: new Map(symbols.map((s) => [s.symbol, s])),
      exchanges: new Map(exchanges.map((e) => [e.code, e])),
    }),
    (error: unknown) => {
      cached = undefined;
      throw error;
    },
  );
  return cached;
}

export function useReference(): Reference | undefined {
  const [ref, setRef] = useState<Reference>();
  useEffect(() => {
    let live = true;
    loadReference().then(
      (r) => live && setRef(r),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return ref;
}

/** The exchange's time zone of a symbol (UTC when unknown). */
export function exchangeZone(ref: Reference | undefined, symbol: string): string {
  const exchange = ref?.symbols.get(symbol)?.exchange;
  return (exchange && ref?.exchanges.get(exchange)?.timezone) || 'UTC';
}
