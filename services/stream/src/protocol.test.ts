import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProtocolError, parseClientMessage } from './protocol.ts';

function refusal(text: string): { code: string; message: string; id: unknown } {
  try {
    parseClientMessage(text);
  } catch (err) {
    assert.ok(err instanceof ProtocolError);
    return { code: err.code, message: err.message, id: err.id };
  }
  assert.fail(`accepted ${text}`);
}

describe('parseClientMessage', () => {
  it('reads the three ops and keeps only what the protocol defines', () => {
    assert.deepEqual(parseClientMessage('{"op":"ping"}'), { op: 'ping' });
    assert.deepEqual(parseClientMessage('{"op":"ping","id":4,"extra":true}'), { op: 'ping', id: 4 });
    assert.deepEqual(parseClientMessage('{"op":"ping","rooms":5}'), { op: 'ping' });
    assert.deepEqual(parseClientMessage('{"op":"subscribe","rooms":["a","b","a"],"id":"s"}'), {
      op: 'subscribe',
      rooms: ['a', 'b'],
      id: 's',
    });
    assert.deepEqual(parseClientMessage('{"op":"unsubscribe","rooms":["a"]}'), { op: 'unsubscribe', rooms: ['a'] });
  });

  it('names what is wrong first: the JSON, the shape, the id, the op, then the rooms', () => {
    assert.deepEqual(refusal('{not json'), { code: 'bad_json', message: 'message is not valid JSON', id: undefined });
    assert.equal(refusal('[1,2]').message, 'message must be a JSON object with an "op"');
    assert.equal(refusal('null').code, 'bad_request');
    assert.deepEqual(refusal('{"op":"dance","id":{}}'), {
      code: 'bad_request',
      message: '"id" must be a string or a number',
      id: undefined,
    });
    assert.deepEqual(refusal('{"op":"dance","id":3}'), { code: 'unknown_op', message: 'unknown op "dance"', id: 3 });
    assert.equal(refusal('{"id":3}').message, 'message must have an "op" string');
    assert.deepEqual(refusal('{"op":"subscribe","rooms":"AAPL","id":"x"}'), {
      code: 'bad_request',
      message: '"rooms" must be an array of 1 to 200 room names',
      id: 'x',
    });
    assert.equal(refusal('{"op":"subscribe","rooms":[]}').code, 'bad_request');
    assert.equal(refusal('{"op":"unsubscribe","rooms":[1]}').code, 'bad_request');
  });
});
