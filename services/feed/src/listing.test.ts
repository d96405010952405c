import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { underlyingSpec } from './listing.ts';

describe('underlying listing specifications', () => {
  it('refuses an unknown time zone, a malformed holiday and an expiry time outside the day', () => {
    assert.throws(() => underlyingSpec('SPX', { timeZone: 'America/Nowhere' }), /SPX.*time zone/i);
    assert.throws(() => underlyingSpec('NIFTY', { holidays: ['2026-02-30'] }), /NIFTY.*2026-02-30/);
    assert.throws(() => underlyingSpec('SPY', { expiryMinutes: 24 * 60 }), /expiryMinutes/);
    assert.throws(() => underlyingSpec('SPY', { sessionOpenMinutes: 9.5 }), /sessionOpenMinutes/);
  });
});
