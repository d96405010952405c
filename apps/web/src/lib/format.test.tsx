import { describe, expect, it } from 'vitest';
import { formatChange, formatCompact, formatPercent, formatPrice, priceDecimals, zoneOffsetMs } from './format';

describe('number formats follow the instrument', () => {
  it('writes VND prices without decimals whatever the tick size', () => {
    expect(priceDecimals({ currency: 'VND', tickSize: 100 })).toBe(0);
    expect(formatPrice(133_500, { currency: 'VND', tickSize: 100 })).toBe('133,500');
  });

  it('takes the decimals from the tick size', () => {
    expect(priceDecimals({ currency: 'USD', tickSize: 0.01 })).toBe(2);
    expect(priceDecimals({ currency: 'USD', tickSize: 0.0001 })).toBe(4);
    expect(priceDecimals({ currency: 'USD', tickSize: 0.05 })).toBe(2);
    expect(priceDecimals({ currency: 'USD', tickSize: 0.00001 })).toBe(5);
    expect(formatPrice(1.08456, { currency: 'USD', tickSize: 0.00001 })).toBe('1.08456');
  });

  it('writes a missing value as a dash', () => {
    expect(formatPrice(null)).toBe('—');
    expect(formatPercent(undefined)).toBe('—');
    expect(formatChange(Number.NaN)).toBe('—');
  });

  it('signs changes and percentages', () => {
    expect(formatChange(1.5, { currency: 'USD', tickSize: 0.01 })).toBe('+1.50');
    expect(formatChange(-0.4, { currency: 'USD', tickSize: 0.01 })).toBe('-0.40');
    expect(formatPercent(0.0123)).toBe('+1.23%');
    expect(formatPercent(-2.5, { points: true })).toBe('-2.50%');
  });

  it('shortens large volumes', () => {
    expect(formatCompact(1234)).toBe('1,234');
    expect(formatCompact(4_560_000)).toBe('4.56M');
  });
});

describe('time zones for charts drawn in UTC', () => {
  // offsets from the IANA rules: Vietnam is UTC+7 all year; New York is UTC-5 in winter and UTC-4 in summer
  it('shifts Ho Chi Minh City by seven hours', () => {
    expect(zoneOffsetMs(Date.UTC(2026, 11, 4, 12), 'Asia/Ho_Chi_Minh')).toBe(7 * 3_600_000);
  });

  it('follows daylight saving in New York', () => {
    expect(zoneOffsetMs(Date.UTC(2026, 11, 4, 12), 'America/New_York')).toBe(-5 * 3_600_000);
    expect(zoneOffsetMs(Date.UTC(2026, 6, 1, 12), 'America/New_York')).toBe(-4 * 3_600_000);
  });

  it('leaves UTC unshifted', () => {
    expect(zoneOffsetMs(Date.UTC(2026, 6, 1, 12), 'UTC')).toBe(0);
  });
});
