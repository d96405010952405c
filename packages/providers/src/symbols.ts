import type { SourceId } from './port.ts';

/** Bourse symbol → the symbol each source knows it by. */
export type SymbolMap = Readonly<Record<string, Readonly<Partial<Record<SourceId, string>>>>>;

/**
 * The mapping shipped with Bourse. Sources with a rule of their own (Yahoo and Alpha Vantage take a
 * US ticker as it is; Binance reads `X-USD` as `XUSDT`) need no row; CoinGecko ids and VCI tickers do.
 */
export const DEFAULT_SYMBOLS: SymbolMap = {
  AAPL: { yahoo: 'AAPL', alphavantage: 'AAPL' },
  'BTC-USD': { yahoo: 'BTC-USD', coingecko: 'bitcoin', binance: 'BTCUSDT' },
  'ETH-USD': { yahoo: 'ETH-USD', coingecko: 'ethereum', binance: 'ETHUSDT' },
  'SOL-USD': { yahoo: 'SOL-USD', coingecko: 'solana', binance: 'SOLUSDT' },
  FPT: { vci: 'FPT' },
  VNM: { vci: 'VNM' },
  VCB: { vci: 'VCB' },
  HPG: { vci: 'HPG' },
  VNINDEX: { vci: 'VNINDEX' },
};

/** How one source names a Bourse symbol: the map's row (an override replaces the default row), else the source's own rule. */
export type SymbolResolver = (symbol: string) => string | undefined;

export function symbolResolver(source: SourceId, overrides: SymbolMap = {}, rule?: SymbolResolver): SymbolResolver {
  return (symbol) => {
    // A mapped symbol's row is the whole truth: a source it leaves out cannot serve it (FPT is VCI's
    // FPT, not whatever Yahoo lists as FPT).
    const row = overrides[symbol] ?? DEFAULT_SYMBOLS[symbol];
    return row === undefined ? rule?.(symbol) : row[source];
  };
}
