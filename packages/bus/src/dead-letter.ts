import { createHash } from 'node:crypto';
import { type Envelope, envelope, subjects } from '@bourse/core';
import { type BusLogger, type DeadLetter, PoisonMessageError } from './port.ts';

/** Handlers may come from another copy of this module (tests, bundles), so the name decides, not the class identity. */
export function isPoison(err: unknown): boolean {
  return err instanceof PoisonMessageError || (err instanceof Error && err.name === 'PoisonMessageError');
}

export function reasonOf(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return `thrown: ${String(err)}`;
}

const MAX_ID = 256;

/**
 * The dead letter of one message for one consumer. Its id derives from the original's, so
 * dead-lettering the same message twice (a crash between publish and ack) is de-duplicated.
 */
export function deadLetterEnvelope(fields: {
  subject: string;
  reason: string;
  deliveries: number;
  original: unknown;
  consumer: string;
  source: string;
  /** the original envelope id, or another stable key of the raw message (stream sequence) */
  originalKey: string;
}): { subject: string; envelope: Envelope<DeadLetter> } {
  let id = `dlq:${fields.consumer}:${fields.originalKey}`;
  if (id.length > MAX_ID) id = `dlq:${createHash('sha256').update(id).digest('hex')}`;
  const data: DeadLetter = {
    subject: fields.subject,
    reason: fields.reason.slice(0, 2000),
    deliveries: fields.deliveries,
    original: fields.original,
    consumer: fields.consumer,
  };
  return {
    subject: subjects.deadLetter(fields.subject),
    envelope: envelope({ id, type: 'dead-letter', source: fields.source.slice(0, 128), key: fields.subject.slice(0, 256), data }),
  };
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

export const consoleLogger: BusLogger = {
  warn: (fields, message) => console.warn(`[bus] ${message}`, fields),
  error: (fields, message) => console.error(`[bus] ${message}`, fields),
};
