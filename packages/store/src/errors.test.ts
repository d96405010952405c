import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UnavailableError } from '@bourse/core';
import { isConnectionError, toStoreError } from './errors.ts';

/** An error as pg reports one: a message and the server's SQLSTATE (or Node's socket code). */
const failure = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('store errors', () => {
  it('takes a database that is away, restarting, overloaded or too slow for unavailable', () => {
    for (const code of [
      'ECONNREFUSED',
      'ECONNRESET',
      'EPIPE',
      '08006',
      '08001',
      '57P01',
      '57P02',
      '57P03',
      '57014',
      '53300',
      '53100',
      '40P01',
      '40001',
    ])
      assert.ok(isConnectionError(failure(code)), code);
    assert.ok(isConnectionError(new Error('Connection terminated unexpectedly')));
    assert.ok(isConnectionError(new Error('timeout exceeded when trying to connect')));
    assert.ok(isConnectionError(new Error('PGlite is closed')));
  });

  it('takes a statement the database refuses for what it is for a permanent failure', () => {
    // out of range for bigint, interval field overflow, datetime out of range, unique and not-null violations, syntax
    for (const code of ['22003', '22015', '22008', '23505', '23502', '42601', 'XX000'])
      assert.equal(isConnectionError(failure(code)), false, code);
    assert.equal(isConnectionError('a string'), false);
  });

  it('wraps the unavailable ones in UnavailableError, keeping the cause, and passes the rest through', () => {
    const reset = failure('ECONNRESET', 'read ECONNRESET');
    const wrapped = toStoreError(reset, 'PostgreSQL at x');
    assert.ok(wrapped instanceof UnavailableError);
    assert.equal(wrapped.message, 'PostgreSQL at x: read ECONNRESET');
    assert.equal(wrapped.cause, reset);
    const range = failure('22003', 'value out of range for type bigint');
    assert.equal(toStoreError(range, 'x'), range);
  });
});
