import type { AssetClass, Exchange, Instrument } from './types.ts';

/**
 * Reference data shipped with Bourse: the exchanges and instruments of the
 * synthetic market. The symbols service seeds its registry from this list;
 * the feed reads the `sim` parameters to drive each instrument's price.
 */
export const EXCHANGES: readonly Exchange[] = [
  { code: 'NASDAQ', name: 'Nasdaq Stock Market', country: 'US', timezone: 'America/New_York', currency: 'USD' },
  { code: 'NYSE', name: 'New York Stock Exchange', country: 'US', timezone: 'America/New_York', currency: 'USD' },
  { code: 'NYSEARCA', name: 'NYSE Arca', country: 'US', timezone: 'America/New_York', currency: 'USD' },
  { code: 'INDEX', name: 'Index values (S&P, Nasdaq, Dow Jones, Cboe, NSE)', country: 'US', timezone: 'America/New_York', currency: 'USD' },
  { code: 'HOSE', name: 'Ho Chi Minh City Stock Exchange', country: 'VN', timezone: 'Asia/Ho_Chi_Minh', currency: 'VND' },
  { code: 'CRYPTO', name: 'Crypto composite', country: 'US', timezone: 'UTC', currency: 'USD' },
  { code: 'FX', name: 'Foreign exchange (OTC composite)', country: 'GB', timezone: 'Europe/London', currency: 'USD' },
];

/** Synthetic-market parameters: start price, annual drift and volatility (GBM), relative tick frequency. */
export interface SimParams {
  readonly price: number;
  readonly drift: number;
  readonly vol: number;
  readonly weight: number;
  /** typical trade size in lots */
  readonly lots: number;
}

export interface CatalogEntry extends Instrument {
  readonly sim: SimParams;
}

type Row = [symbol: string, name: string, exchange: string, price: number, drift: number, vol: number, weight: number];

function rows(assetClass: AssetClass, currency: string, tickSize: number, lotSize: number, lots: number, list: Row[]): CatalogEntry[] {
  return list.map(([symbol, name, exchange, price, drift, vol, weight]) => ({
    symbol,
    name,
    exchange,
    assetClass,
    currency,
    tickSize,
    lotSize,
    streamable: true,
    sim: { price, drift, vol, weight, lots },
  }));
}

export const CATALOG: readonly CatalogEntry[] = [
  ...rows('equity', 'USD', 0.01, 1, 100, [
    ['AAPL', 'Apple Inc.', 'NASDAQ', 228.5, 0.08, 0.26, 3],
    ['MSFT', 'Microsoft Corporation', 'NASDAQ', 425.2, 0.09, 0.24, 3],
    ['NVDA', 'NVIDIA Corporation', 'NASDAQ', 135.4, 0.15, 0.5, 4],
    ['AMZN', 'Amazon.com, Inc.', 'NASDAQ', 198.3, 0.08, 0.32, 2],
    ['GOOGL', 'Alphabet Inc. Class A', 'NASDAQ', 172.6, 0.08, 0.3, 2],
    ['META', 'Meta Platforms, Inc.', 'NASDAQ', 585.1, 0.1, 0.38, 2],
    ['TSLA', 'Tesla, Inc.', 'NASDAQ', 248.9, 0.05, 0.6, 3],
    ['AVGO', 'Broadcom Inc.', 'NASDAQ', 171.2, 0.12, 0.42, 1],
    ['AMD', 'Advanced Micro Devices, Inc.', 'NASDAQ', 142.7, 0.08, 0.5, 2],
    ['NFLX', 'Netflix, Inc.', 'NASDAQ', 752.3, 0.08, 0.36, 1],
    ['INTC', 'Intel Corporation', 'NASDAQ', 22.8, 0.0, 0.45, 1],
    ['JPM', 'JPMorgan Chase & Co.', 'NYSE', 224.6, 0.07, 0.22, 1],
    ['V', 'Visa Inc.', 'NYSE', 287.4, 0.07, 0.2, 1],
    ['XOM', 'Exxon Mobil Corporation', 'NYSE', 117.9, 0.04, 0.24, 1],
    ['JNJ', 'Johnson & Johnson', 'NYSE', 156.1, 0.04, 0.16, 1],
    ['WMT', 'Walmart Inc.', 'NYSE', 83.4, 0.06, 0.18, 1],
    ['KO', 'The Coca-Cola Company', 'NYSE', 63.2, 0.04, 0.15, 1],
    ['BAC', 'Bank of America Corporation', 'NYSE', 41.7, 0.05, 0.28, 1],
    ['DIS', 'The Walt Disney Company', 'NYSE', 96.5, 0.03, 0.3, 1],
    ['BRK.B', 'Berkshire Hathaway Inc. Class B', 'NYSE', 462.8, 0.07, 0.17, 1],
  ]),
  ...rows('etf', 'USD', 0.01, 1, 200, [
    ['SPY', 'SPDR S&P 500 ETF Trust', 'NYSEARCA', 578.4, 0.07, 0.16, 4],
    ['QQQ', 'Invesco QQQ Trust', 'NASDAQ', 496.2, 0.09, 0.2, 3],
    ['IWM', 'iShares Russell 2000 ETF', 'NYSEARCA', 222.1, 0.06, 0.24, 2],
    ['DIA', 'SPDR Dow Jones Industrial Average ETF', 'NYSEARCA', 421.7, 0.06, 0.15, 1],
    ['GLD', 'SPDR Gold Shares', 'NYSEARCA', 245.3, 0.05, 0.15, 1],
    ['TLT', 'iShares 20+ Year Treasury Bond ETF', 'NASDAQ', 92.6, 0.01, 0.16, 1],
    ['XLK', 'Technology Select Sector SPDR Fund', 'NYSEARCA', 229.4, 0.1, 0.22, 1],
    ['EEM', 'iShares MSCI Emerging Markets ETF', 'NYSEARCA', 44.8, 0.04, 0.2, 1],
  ]),
  ...rows('index', 'USD', 0.01, 1, 0, [
    ['SPX', 'S&P 500 Index', 'INDEX', 5782.1, 0.07, 0.16, 3],
    ['NDX', 'Nasdaq-100 Index', 'INDEX', 20374.9, 0.09, 0.2, 2],
    ['DJI', 'Dow Jones Industrial Average', 'INDEX', 42114.4, 0.06, 0.15, 1],
    ['RUT', 'Russell 2000 Index', 'INDEX', 2212.8, 0.06, 0.24, 1],
    ['VIX', 'Cboe Volatility Index', 'INDEX', 16.4, 0.0, 0.9, 1],
  ]),
  ...rows('index', 'INR', 0.05, 1, 0, [
    ['NIFTY', 'NIFTY 50 Index', 'INDEX', 24180.8, 0.1, 0.14, 2],
    ['BANKNIFTY', 'NIFTY Bank Index', 'INDEX', 51530.5, 0.1, 0.18, 2],
  ]),
  // HOSE: prices in VND, board lots of 100 shares; tick 100 VND for prices of 50,000 and above.
  ...rows('equity', 'VND', 100, 100, 20, [
    ['VNM', 'Vietnam Dairy Products JSC (Vinamilk)', 'HOSE', 66_800, 0.05, 0.22, 1],
    ['FPT', 'FPT Corporation', 'HOSE', 133_500, 0.18, 0.3, 2],
    ['VCB', 'Joint Stock Commercial Bank for Foreign Trade of Vietnam', 'HOSE', 91_200, 0.08, 0.22, 2],
    ['VIC', 'Vingroup JSC', 'HOSE', 58_400, 0.0, 0.35, 1],
    ['VHM', 'Vinhomes JSC', 'HOSE', 62_500, 0.02, 0.38, 1],
    ['MWG', 'Mobile World Investment Corporation', 'HOSE', 61_300, 0.1, 0.34, 1],
    ['GAS', 'PetroVietnam Gas JSC', 'HOSE', 70_100, 0.05, 0.25, 1],
    ['MSN', 'Masan Group Corporation', 'HOSE', 77_900, 0.04, 0.32, 1],
  ]),
  // HOSE: tick 50 VND for prices from 10,000 to 49,950.
  ...rows('equity', 'VND', 50, 100, 30, [
    ['HPG', 'Hoa Phat Group JSC', 'HOSE', 26_450, 0.06, 0.32, 2],
    ['TCB', 'Vietnam Technological and Commercial Joint Stock Bank', 'HOSE', 23_700, 0.08, 0.3, 1],
    ['VPB', 'Vietnam Prosperity Joint Stock Commercial Bank', 'HOSE', 19_350, 0.05, 0.3, 1],
    ['SSI', 'SSI Securities Corporation', 'HOSE', 25_900, 0.07, 0.38, 1],
  ]),
  ...rows('crypto', 'USD', 0.01, 0.00001, 5000, [
    ['BTC-USD', 'Bitcoin', 'CRYPTO', 67_250.0, 0.2, 0.55, 4],
    ['ETH-USD', 'Ethereum', 'CRYPTO', 2_640.5, 0.15, 0.7, 3],
  ]),
  ...rows('crypto', 'USD', 0.0001, 0.001, 5000, [
    ['SOL-USD', 'Solana', 'CRYPTO', 152.4, 0.2, 0.85, 2],
    ['XRP-USD', 'XRP', 'CRYPTO', 0.5412, 0.05, 0.8, 1],
    ['ADA-USD', 'Cardano', 'CRYPTO', 0.3521, 0.05, 0.85, 1],
    ['DOGE-USD', 'Dogecoin', 'CRYPTO', 0.1184, 0.05, 1.0, 1],
  ]),
  ...rows('fx', 'USD', 0.00001, 1000, 1000, [
    ['EURUSD', 'Euro / US Dollar', 'FX', 1.0942, 0.0, 0.07, 3],
    ['GBPUSD', 'British Pound / US Dollar', 'FX', 1.3051, 0.0, 0.08, 2],
    ['AUDUSD', 'Australian Dollar / US Dollar', 'FX', 0.6714, 0.0, 0.1, 1],
    ['USDCHF', 'US Dollar / Swiss Franc', 'FX', 0.8596, 0.0, 0.07, 1],
  ]),
  ...rows('fx', 'JPY', 0.001, 1000, 1000, [['USDJPY', 'US Dollar / Japanese Yen', 'FX', 149.21, 0.0, 0.1, 2]]),
  ...rows('fx', 'VND', 1, 1000, 1000, [['USDVND', 'US Dollar / Vietnamese Dong', 'FX', 25_345, 0.01, 0.03, 1]]),
];

/**
 * The underlyings the synthetic feed lists option chains on unless BOURSE_CHAIN_UNDERLYINGS names others:
 * a US index, ETF and stock, the two NSE index boards and a crypto board, one of each listing convention.
 */
export const DEFAULT_CHAIN_UNDERLYINGS = ['SPX', 'SPY', 'AAPL', 'NIFTY', 'BANKNIFTY', 'BTC-USD'] as const;
