import { STREAMS } from '@bourse/core';
import { InvalidBusArgumentError } from './port.ts';

/** The part of a stream definition the adapters need: which subjects it persists. */
export interface StreamSubjects {
  readonly name: string;
  readonly subjects: readonly string[];
}

const TOKEN = /^[^\s.*>]+$/;
const DURABLE = /^[A-Za-z0-9_-]{1,64}$/;

/** A publish subject: dotted literal tokens, no wildcards. */
export function assertSubject(subject: string): void {
  if (subject.length === 0 || !subject.split('.').every((t) => TOKEN.test(t))) {
    throw new InvalidBusArgumentError(`invalid subject "${subject}": dotted tokens without spaces or wildcards`);
  }
}

/** A pattern: dotted tokens where `*` stands for one token and a final `>` for one or more. */
export function assertPattern(pattern: string): void {
  const tokens = pattern.split('.');
  const ok = tokens.every((t, i) => TOKEN.test(t) || t === '*' || (t === '>' && i === tokens.length - 1));
  if (pattern.length === 0 || !ok) {
    throw new InvalidBusArgumentError(`invalid pattern "${pattern}": dotted tokens, '*' for one token, a final '>' for the rest`);
  }
}

/** Durable names become JetStream consumer names, so the same rule holds in memory. */
export function assertDurable(durable: string): void {
  if (!DURABLE.test(durable)) {
    throw new InvalidBusArgumentError(`invalid durable "${durable}": 1-64 characters from A-Z a-z 0-9 _ -`);
  }
}

/** A pattern split once, for matching many subjects against it. */
export type CompiledPattern = readonly string[];

export function compilePattern(pattern: string): CompiledPattern {
  return pattern.split('.');
}

/** Does `subject` match the NATS pattern? */
export function matches(pattern: CompiledPattern, subject: string): boolean {
  let start = 0;
  for (let i = 0; i < pattern.length; i++) {
    if (start > subject.length) return false;
    const p = pattern[i]!;
    if (p === '>') return start < subject.length;
    const dot = subject.indexOf('.', start);
    const end = dot === -1 ? subject.length : dot;
    if (p !== '*' && (end - start !== p.length || !subject.startsWith(p, start))) return false;
    if (p === '*' && end === start) return false;
    start = end + 1;
  }
  return start > subject.length;
}

/** Is every subject matched by `inner` also matched by `outer`? */
export function covers(outer: string, inner: string): boolean {
  const o = outer.split('.');
  const n = inner.split('.');
  for (let i = 0; i < o.length; i++) {
    if (o[i] === '>') return n.length > i;
    if (i >= n.length || n[i] === '>') return false;
    if (o[i] === '*') continue;
    if (n[i] === '*' || n[i] !== o[i]) return false;
  }
  return o.length === n.length;
}

/** The stream that persists every subject of `pattern`, or undefined when none does. */
export function streamFor(streams: readonly StreamSubjects[], pattern: string): StreamSubjects | undefined {
  return streams.find((s) => s.subjects.some((sub) => covers(sub, pattern)));
}

const compiledStreams = new WeakMap<readonly StreamSubjects[], readonly [StreamSubjects, CompiledPattern][]>();

/** The stream that persists a concrete subject, if any. Called on every publish, so the patterns are split once. */
export function streamOf(streams: readonly StreamSubjects[], subject: string): StreamSubjects | undefined {
  let compiled = compiledStreams.get(streams);
  if (!compiled) {
    compiled = streams.flatMap((s) => s.subjects.map((sub) => [s, compilePattern(sub)] as [StreamSubjects, CompiledPattern]));
    compiledStreams.set(streams, compiled);
  }
  for (const [s, p] of compiled) if (matches(p, subject)) return s;
  return undefined;
}

/** Durable consumers read from a stream, so their pattern must lie inside one. */
export function streamForConsumer(streams: readonly StreamSubjects[], pattern: string): StreamSubjects {
  const stream = streamFor(streams, pattern);
  if (!stream) {
    const known = streams.flatMap((s) => s.subjects).join(', ');
    throw new InvalidBusArgumentError(`cannot consume "${pattern}": no stream persists all of it (streams capture ${known})`);
  }
  return stream;
}

export const DEFAULT_STREAMS: readonly StreamSubjects[] = STREAMS;

/** Does a concrete subject match a NATS pattern (`*` one token, `>` the rest)? For callers that route subscription messages. */
export function subjectMatches(pattern: string, subject: string): boolean {
  return matches(compilePattern(pattern), subject);
}
