import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { envelope } from '../envelope.ts';
import { PoisonMessageError } from '../errors.ts';
import { type OptionChainMessage, optionChainReader } from './chain.ts';

const T0 = Date.UTC(2026, 0, 7, 15);

function chain(): OptionChainMessage {
  const side = () => ({
    bid: [5.1, 1.9, 0.4],
    ask: [5.3, 2.1, 0.5],
    last: [5.2, null, 0.45],
    mark: [5.2, 2, 0.45],
    volume: [10, 0, 3],
    openInterest: [100, 200, 50],
  });
  return {
    underlying: 'SPY',
    ts: T0,
    spot: 100,
    rate: 0.05,
    dividendYield: 0.01,
    multiplier: 100,
    currency: 'USD',
    expiries: [
      {
        expiry: '2026-01-16',
        expiryTs: Date.UTC(2026, 0, 16, 21),
        kind: 'monthly',
        root: 'SPY',
        timeToExpiry: 0.025,
        forward: 100.1,
        svi: { a: 0.001, b: 0.1, rho: -0.5, m: 0, sigma: 0.1 },
        strikes: [95, 100, 105],
        call: side(),
        put: side(),
      },
    ],
  };
}

const reader = optionChainReader();
const env = (data: unknown, type = 'option.chain') => envelope({ id: 'chain:SPY', type, source: 'test', key: 'SPY', data });

/** The reason read() dead-letters `data` with. */
function reason(data: unknown): string {
  try {
    reader.read(env(data));
  } catch (err) {
    assert.ok(err instanceof PoisonMessageError, String(err));
    return err.message;
  }
  assert.fail('the chain was accepted');
}

describe('option chain schema', () => {
  it('reads a well-formed chain unchanged', () => {
    const c = chain();
    assert.equal(reader.read(env(c)), c);
    assert.equal(reader.check(c), c);
  });

  it('names the first field that is missing, of the wrong type or out of range', () => {
    const { currency: _, ...noCurrency } = chain();
    assert.equal(reason(noCurrency), 'invalid option.chain: / must have required properties currency');
    assert.equal(reason({ ...chain(), spot: 0 }), 'invalid option.chain: /spot must be > 0');
    assert.match(reason({ ...chain(), spot: '100' }), /^invalid option\.chain: \/spot must be number/);
    assert.match(reason({ ...chain(), underlying: 'not a symbol' }), /^invalid option\.chain: \/underlying /);
    const c = chain();
    c.expiries[0]!.timeToExpiry = 0;
    assert.match(reason(c), /^invalid option\.chain: \/expiries\/0\/timeToExpiry /);
    const d = chain();
    d.expiries[0]!.call.bid[1] = Number.NaN;
    assert.match(reason(d), /^invalid option\.chain: \/expiries\/0\/call\/bid\/1 /);
    const e = chain() as unknown as { expiries: { kind: string }[] };
    e.expiries[0]!.kind = 'quarterly';
    assert.match(reason(e), /^invalid option\.chain: \/expiries\/0\/kind /);
    assert.match(reason(null), /^invalid option\.chain: \/ /);
  });

  it('refuses sides whose arrays do not run parallel to the strikes', () => {
    const c = chain();
    c.expiries[0]!.put.openInterest.pop();
    assert.equal(reason(c), 'invalid option.chain: /expiries/0/put/openInterest has 2 values for 3 strikes');
    assert.equal(reader.readOrNone(env(c)), undefined);
    assert.throws(() => reader.check(c), PoisonMessageError);
  });

  it('refuses strikes that do not ascend strictly', () => {
    const c = chain();
    c.expiries[0]!.strikes = [95, 105, 100];
    assert.equal(reason(c), 'invalid option.chain: /expiries/0/strikes/2 must be greater than the strike before it');
    c.expiries[0]!.strikes = [95, 100, 100];
    assert.match(reason(c), /strikes\/2 must be greater/);
  });

  it('refuses another envelope type', () => {
    assert.throws(() => reader.read(env(chain(), 'bar')), /unexpected message type "bar" \(want option\.chain\)/);
  });
});
