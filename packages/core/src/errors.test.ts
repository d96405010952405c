import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BadRequestError, isTransient, PoisonMessageError, UnavailableError } from './errors.ts';

describe('isTransient', () => {
  it('holds for a dependency that is away, and for an error that says it is transient', () => {
    assert.equal(isTransient(new UnavailableError('PostgreSQL is restarting')), true);
    assert.equal(isTransient(Object.assign(new Error('rate limited by the provider'), { transient: true })), true);
    // another copy of core: the name decides
    assert.equal(isTransient(Object.assign(new Error('away'), { name: 'UnavailableError' })), true);
  });

  it('does not hold for what is wrong in itself, nor for what is not an error', () => {
    assert.equal(isTransient(new PoisonMessageError('negative price')), false);
    assert.equal(isTransient(new BadRequestError('bad')), false);
    assert.equal(isTransient(new Error('interval out of range')), false);
    assert.equal(isTransient(Object.assign(new Error('x'), { transient: 'yes' })), false);
    assert.equal(isTransient(undefined), false);
    assert.equal(isTransient('UnavailableError'), false);
  });
});
