import { createHash } from 'node:crypto';
import { DEAD_LETTER, type Envelope, encodeEnvelope, envelope, subjects } from '@bourse/core';
import { type BusLogger, type DeadLetter, type BusObserver, type DeadLetterKind, PoisonMessageError, type StoredRef } from './port.ts';

/** Handlers may come from another copy of this module (tests, bundles), so the name decides, not the class identity. */
export function isPoison(err: unknown): boolean {
  return err instanceof PoisonMessageError || (err instanceof Error && err.name === 'PoisonMessageError');
}

export function reasonOf(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return `thrown: ${String(err)}`;
}

const MAX_ID = 256;
/** What a truncated dead letter keeps of an original that is not an envelope. */
const HEAD_BYTES = 1024;

/**
 * The dead letter of one message for one consumer, encoded to fit `maxBytes`. Its id derives from
 * the original's, so dead-lettering the same message twice (a crash between publish and ack) is
 * de-duplicated by the bus and by the recorder. It always carries the original's size and sha256;
 * when the whole original would not fit (escaping can double a message), it keeps the envelope
 * without its data (or the first bytes) and points at the stream that still holds the body.
 */
export function deadLetterEnvelope(fields: {
  subject: string;
  kind: DeadLetterKind;
  reason: string;
  deliveries: number;
  /** the original's bytes as they came */
  raw: Uint8Array;
  /** the original, when it parsed as an envelope */
  parsed?: Envelope;
  consumer: string;
  source: string;
  /** the original envelope id, or another stable key of the raw message (stream sequence) */
  originalKey: string;
  /** where the bus holds the original */
  ref?: StoredRef;
  maxBytes: number;
}): { subject: string; envelope: Envelope<DeadLetter>; bytes: Uint8Array } {
  let id = `dlq:${fields.consumer}:${fields.originalKey}`;
  if (id.length > MAX_ID) id = `dlq:${createHash('sha256').update(id).digest('hex')}`;
  const base = {
    subject: fields.subject,
    kind: fields.kind,
    reason: fields.reason.slice(0, 2000),
    deliveries: fields.deliveries,
    consumer: fields.consumer,
    size: fields.raw.byteLength,
    sha256: createHash('sha256').update(fields.raw).digest('hex'),
  };
  const make = (data: DeadLetter) =>
    envelope({ id, type: DEAD_LETTER, source: fields.source.slice(0, 128), key: fields.subject.slice(0, 256), data });
  let env = make({ ...base, original: fields.parsed ?? rawOriginal(fields.raw) });
  let bytes = encodeEnvelope(env);
  if (bytes.byteLength > fields.maxBytes) {
    const { data: _data, ...head } = fields.parsed ?? { data: undefined };
    const original = fields.parsed ? head : rawOriginal(fields.raw.subarray(0, HEAD_BYTES));
    env = make({ ...base, original, truncated: true, ...(fields.ref ? { ref: fields.ref } : {}) });
    bytes = encodeEnvelope(env);
  }
  return { subject: subjects.deadLetter(fields.subject), envelope: env, bytes };
}

/** The raw text of a message that did not parse, kept whole when it is text and shown as base64 otherwise. */
export function rawOriginal(bytes: Uint8Array | string): unknown {
  if (typeof bytes === 'string') return bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { base64: Buffer.from(bytes).toString('base64') };
  }
}

/** An observer that counts nothing (a bus created without metrics). */
export const noObserver: BusObserver = { deadLettered: () => undefined, transientRetry: () => undefined };

export const consoleLogger: BusLogger = {
  warn: (fields, message) => console.warn(`[bus] ${message}`, fields),
  error: (fields, message) => console.error(`[bus] ${message}`, fields),
};
