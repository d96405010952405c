/**
 * Option chains on the bus (`md.chain.<underlying>`, envelope type `option.chain`) and OCC
 * contract symbols. The feed writes these messages; the options service reads them.
 */

export type ExpiryKind = 'daily' | 'weekly' | 'monthly';

/** One side (calls or puts) of one expiry, as parallel arrays indexed like `strikes`. */
export interface ChainSide {
  bid: number[];
  ask: number[];
  /** last trade price today; null before the first trade */
  last: (number | null)[];
  /** the feed's theoretical value (the surface vol priced by Black-Scholes-Merton), unrounded */
  mark: number[];
  /** contracts traded today */
  volume: number[];
  openInterest: number[];
}

/** The generating SVI slice, raw parameters over log-moneyness ln(K/F) (total variance). */
export interface ChainSvi {
  a: number;
  b: number;
  rho: number;
  m: number;
  sigma: number;
}

export interface ChainExpiry {
  /** expiry date, YYYY-MM-DD (the exchange's calendar date) */
  expiry: string;
  /** expiry instant, UTC epoch ms */
  expiryTs: number;
  kind: ExpiryKind;
  /** OCC root of this expiry's contracts (e.g. SPX for monthlies, SPXW for weeklies) */
  root: string;
  /** years from the chain's ts to expiry (365.25-day years) */
  timeToExpiry: number;
  forward: number;
  svi: ChainSvi;
  /** ascending */
  strikes: number[];
  call: ChainSide;
  put: ChainSide;
}

/** The `data` of an `option.chain` envelope: every listed expiry of one underlying at one instant. */
export interface OptionChainMessage {
  underlying: string;
  ts: number;
  spot: number;
  /** continuously compounded risk-free rate */
  rate: number;
  /** continuous dividend yield (or carry) */
  dividendYield: number;
  /** units of the underlying per contract */
  multiplier: number;
  currency: string;
  expiries: ChainExpiry[];
}

export interface OccContract {
  root: string;
  /** YYYY-MM-DD */
  expiry: string;
  type: 'call' | 'put';
  strike: number;
}

const OCC = /^([A-Z0-9]{1,6}) *(\d{2})(\d{2})(\d{2})([CP])(\d{8})$/;

/**
 * The OCC (Options Clearing Corporation) symbol of a contract: root padded with spaces to 6,
 * expiry yymmdd, C or P, strike × 1000 padded with zeros to 8 (e.g. `SPY   261218C00600000`).
 * Throws RangeError for a root longer than 6 or a strike that does not fit the 8 digits.
 */
export function occSymbol(root: string, expiry: string, type: 'call' | 'put', strike: number): string {
  if (!/^[A-Z0-9]{1,6}$/.test(root)) throw new RangeError(`OCC root must be 1 to 6 letters or digits (got "${root}")`);
  const m = /^\d{2}(\d{2})-(\d{2})-(\d{2})$/.exec(expiry);
  if (!m) throw new RangeError(`expiry must be YYYY-MM-DD (got "${expiry}")`);
  const milli = Math.round(strike * 1000);
  if (!(milli > 0 && milli < 1e8)) throw new RangeError(`strike ${strike} does not fit an OCC symbol`);
  return `${root.padEnd(6, ' ')}${m[1]}${m[2]}${m[3]}${type === 'call' ? 'C' : 'P'}${String(milli).padStart(8, '0')}`;
}

/** Parse an OCC symbol; the root's padding may be omitted (`SPY261218C00600000`). Undefined if malformed. */
export function parseOccSymbol(symbol: string): OccContract | undefined {
  const m = OCC.exec(symbol.trim().toUpperCase());
  if (!m) return undefined;
  const [, root, yy, mm, dd, cp, strike] = m as unknown as [string, string, string, string, string, string, string];
  const month = Number(mm);
  const day = Number(dd);
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return { root, expiry: `20${yy}-${mm}-${dd}`, type: cp === 'C' ? 'call' : 'put', strike: Number(strike) / 1000 };
}
