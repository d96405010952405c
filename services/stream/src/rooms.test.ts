import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProtocolError } from './protocol.ts';
import { parseRoom } from './rooms.ts';

describe('parseRoom', () => {
  it('reads the room kinds it serves', () => {
    assert.equal(parseRoom('quotes:AAPL').name, 'quotes:AAPL');
    assert.equal(parseRoom('bars:1m:AAPL').name, 'bars:1m:AAPL');
  });

  for (const name of ['constructor', 'toString', '__proto__', 'valueOf:AAPL', 'hasOwnProperty:1m:AAPL', 'isPrototypeOf']) {
    it(`refuses "${name}" as an unknown room, not as a member of Object.prototype`, () => {
      assert.throws(
        () => parseRoom(name),
        (err: unknown) => err instanceof ProtocolError && err.code === 'unknown_room',
      );
    });
  }
});
