import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compilePattern, covers, DEFAULT_STREAMS, matches, streamFor } from './subjects.ts';

const m = (pattern: string, subject: string) => matches(compilePattern(pattern), subject);

describe('subject patterns', () => {
  it('matches NATS wildcards', () => {
    assert.equal(m('md.tick.AAPL', 'md.tick.AAPL'), true);
    assert.equal(m('md.tick.*', 'md.tick.AAPL'), true);
    assert.equal(m('md.tick.*', 'md.tick.AAPL.x'), false);
    assert.equal(m('md.tick.*', 'md.tick'), false);
    assert.equal(m('md.>', 'md.tick.AAPL'), true);
    assert.equal(m('md.>', 'md'), false);
    assert.equal(m('md.tick', 'md.tickx'), false);
    assert.equal(m('md.tickx', 'md.tick'), false);
    assert.equal(m('*.tick.>', 'md.tick.A.B'), true);
    assert.equal(m('md.tick.AAPL', 'md.tick.AAPL.x'), false);
  });

  it('knows which stream persists a pattern', () => {
    assert.equal(streamFor(DEFAULT_STREAMS, 'md.tick.>')?.name, 'MD_TICKS');
    assert.equal(streamFor(DEFAULT_STREAMS, 'md.tick.*')?.name, 'MD_TICKS');
    assert.equal(streamFor(DEFAULT_STREAMS, 'dlq.md.tick.A')?.name, 'DLQ');
    assert.equal(streamFor(DEFAULT_STREAMS, 'md.>'), undefined);
    assert.equal(streamFor(DEFAULT_STREAMS, 'md.*.A'), undefined);
  });

  it('agrees with matching: a covered pattern only matches subjects the outer one matches', () => {
    const token = fc.constantFrom('a', 'b', 'c');
    const subject = fc.array(token, { minLength: 1, maxLength: 4 }).map((t) => t.join('.'));
    const pattern = fc
      .array(fc.constantFrom('a', 'b', '*'), { minLength: 1, maxLength: 4 })
      .chain((t) => fc.boolean().map((tail) => (tail ? [...t.slice(0, -1), '>'] : t).join('.')));
    fc.assert(
      fc.property(pattern, pattern, subject, (outer, inner, s) => {
        if (covers(outer, inner) && m(inner, s)) assert.equal(m(outer, s), true);
      }),
      { numRuns: 2000 },
    );
  });
});
