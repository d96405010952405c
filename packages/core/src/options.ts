/**
 * OCC contract symbols. The option chain payload that names its contracts this way is in schemas/chain.ts.
 */

export interface OccContract {
  root: string;
  /** YYYY-MM-DD */
  expiry: string;
  type: 'call' | 'put';
  strike: number;
}

/**
 * OCC symbols (the OSI format of 2010): root padded with spaces to 6, expiry yymmdd, C or P, and the strike × 1000
 * in 8 digits, e.g. `SPY   261218C00600000`.
 *
 * Eight digits with three implied decimals stop at 99,999.999, which BTC-USD and several Vietnamese stocks (priced
 * in VND) pass. For a strike of 100,000 or more Bourse widens the strike field to the digits it needs (9 to 12, no
 * leading zero) and keeps everything else: `BTC   261225C105000000` is the 105,000 call. Every strike still has
 * exactly one name, the name still reads the same way (the last 15 + n characters are yymmdd, C/P, strike × 1000),
 * and a strict 21-character OCC parser rejects it rather than misreading it. (Scaling the strike instead, as with
 * an adjusted root, would need a per-root table to read the strike back; the wide field carries it in plain sight.)
 */
const OCC = /^([A-Z0-9]{1,6}) *(\d{2})(\d{2})(\d{2})([CP])(\d{8}|[1-9]\d{8,11})$/;

/** Largest strike an OCC symbol carries here: 12 digits of strike × 1000. */
export const MAX_OCC_STRIKE = 999_999_999.999;

/**
 * The OCC symbol of a contract (the format above, with the wide strike field from 100,000 on).
 * Throws RangeError for a root that is not 1 to 6 letters or digits, a malformed expiry, or a strike that is not a
 * positive multiple of 0.001 up to {@link MAX_OCC_STRIKE}, so that parseOccSymbol gives back the very same strike.
 */
export function occSymbol(root: string, expiry: string, type: 'call' | 'put', strike: number): string {
  if (!/^[A-Z0-9]{1,6}$/.test(root)) throw new RangeError(`OCC root must be 1 to 6 letters or digits (got "${root}")`);
  const m = /^\d{2}(\d{2})-(\d{2})-(\d{2})$/.exec(expiry);
  if (!m) throw new RangeError(`expiry must be YYYY-MM-DD (got "${expiry}")`);
  const milli = Math.round(strike * 1000);
  if (!(milli > 0 && milli < 1e12) || milli / 1000 !== strike) {
    throw new RangeError(`strike ${strike} does not fit an OCC symbol (a multiple of 0.001 from 0.001 to ${MAX_OCC_STRIKE})`);
  }
  return `${root.padEnd(6, ' ')}${m[1]}${m[2]}${m[3]}${type === 'call' ? 'C' : 'P'}${String(milli).padStart(8, '0')}`;
}

/**
 * Parse an OCC symbol, including the wide strike field; the root's padding may be omitted (`SPY261218C00600000`).
 * Undefined if malformed.
 */
export function parseOccSymbol(symbol: string): OccContract | undefined {
  const m = OCC.exec(symbol.trim().toUpperCase());
  if (!m) return undefined;
  const [, root, yy, mm, dd, cp, strike] = m as unknown as [string, string, string, string, string, string, string];
  const month = Number(mm);
  const day = Number(dd);
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return { root, expiry: `20${yy}-${mm}-${dd}`, type: cp === 'C' ? 'call' : 'put', strike: Number(strike) / 1000 };
}
