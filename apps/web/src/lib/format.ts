import { zoneOffset } from '@bourse/core/time-zones';

/** How an instrument's numbers are written: its tick size sets the decimals, its currency the symbol. */
export interface Instrument {
  symbol: string;
  name?: string;
  exchange?: string;
  currency: string;
  tickSize: number;
}

/** Currencies written without minor units whatever the tick size (VND prices are whole dong). */
const WHOLE = new Set(['VND', 'JPY', 'KRW', 'IDR']);

export function priceDecimals(instrument: Pick<Instrument, 'currency' | 'tickSize'> | undefined): number {
  if (!instrument) return 2;
  if (WHOLE.has(instrument.currency)) return 0;
  const tick = instrument.tickSize;
  if (!(tick > 0) || tick >= 1) return 0;
  // decimals of the tick (0.0001 -> 4, 0.05 -> 2), through its string form to avoid float noise
  const text = tick.toExponential();
  const [mantissa = '', exponent = '0'] = text.split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent));
}

const formatters = new Map<string, Intl.NumberFormat>();
function numberFormat(decimals: number, extra: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${decimals}|${JSON.stringify(extra)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals, ...extra });
    formatters.set(key, f);
  }
  return f;
}

export function formatPrice(value: number | null | undefined, instrument?: Pick<Instrument, 'currency' | 'tickSize'>): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return numberFormat(priceDecimals(instrument)).format(value);
}

/** A signed change: "+1.25" / "−0.40". */
export function formatChange(value: number | null | undefined, instrument?: Pick<Instrument, 'currency' | 'tickSize'>): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return numberFormat(priceDecimals(instrument), { signDisplay: 'exceptZero' }).format(value);
}

/** A percentage from a fraction or from percent points (`points: true`): "+1.23%". */
export function formatPercent(value: number | null | undefined, options: { points?: boolean; decimals?: number } = {}): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const pct = options.points ? value : value * 100;
  return `${numberFormat(options.decimals ?? 2, { signDisplay: 'exceptZero' }).format(pct)}%`;
}

/** Volume and open interest: 1,234 / 12.3K / 4.56M. */
export function formatCompact(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (Math.abs(value) < 10_000) return numberFormat(0).format(value);
  return new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 }).format(value);
}

export function formatNumber(value: number | null | undefined, decimals = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return numberFormat(decimals).format(value);
}

/** A time of day in a zone: the exchange's (its IANA name) or the browser's (`undefined`). */
export function formatTime(ts: number, timeZone: string | undefined, withDate = false): string {
  const options: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false };
  if (withDate) Object.assign(options, { year: 'numeric', month: '2-digit', day: '2-digit' });
  if (timeZone) options.timeZone = timeZone;
  return new Intl.DateTimeFormat('en-CA', options).format(ts);
}

/** The zone's offset from UTC at `ts`, in ms (Asia/Ho_Chi_Minh: +7 h; no zone: the browser's), for charts that only know UTC. */
export function zoneOffsetMs(ts: number, timeZone: string | undefined): number {
  return timeZone ? zoneOffset(ts, timeZone) : -new Date(ts).getTimezoneOffset() * 60_000;
}
