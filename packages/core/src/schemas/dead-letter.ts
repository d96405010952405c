import Type, { type Static } from 'typebox';
import { payloadReader } from '../payload.ts';

/** Envelope type of the dead letters on `dlq.<subject>`. */
export const DEAD_LETTER = 'dead-letter';

/** Why a message was dead-lettered, in a word (a metric label): not an envelope, wrong in itself, failed maxDeliver times, not acked in time. */
export const DeadLetterKind = Type.Union([
  Type.Literal('malformed'),
  Type.Literal('poison'),
  Type.Literal('failed'),
  Type.Literal('not_acked'),
]);
export type DeadLetterKind = Static<typeof DeadLetterKind>;

/** Where a bus stream holds a message. */
export const StoredRef = Type.Object({
  stream: Type.String({ minLength: 1, maxLength: 64 }),
  seq: Type.Integer({ minimum: 1 }),
});
export type StoredRef = Static<typeof StoredRef>;

/** The body of a dead letter, published by a bus adapter on `dlq.<subject>` for one consumer. */
export const DeadLetter = Type.Object({
  /** the original message's subject */
  subject: Type.String({ minLength: 1, maxLength: 1024 }),
  kind: DeadLetterKind,
  reason: Type.String({ maxLength: 2000 }),
  /** deliveries of the original so far, transient retries included */
  deliveries: Type.Integer({ minimum: 1 }),
  /**
   * The original message: the envelope if it parsed, else the raw text (or `{base64}`). When the
   * dead letter would be too large for the bus (`truncated`), only the envelope without its data,
   * or the first bytes.
   */
  original: Type.Unknown(),
  /** the durable that gave up on it */
  consumer: Type.String({ minLength: 1, maxLength: 64 }),
  /** bytes of the original message */
  size: Type.Integer({ minimum: 0 }),
  /** sha256 of the original bytes, hex */
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  /** `original` is not the whole message: the body is at `ref` in the bus */
  truncated: Type.Optional(Type.Literal(true)),
  ref: Type.Optional(StoredRef),
});
export type DeadLetter = Static<typeof DeadLetter>;

/** Reads the dead letters for the recorder that stores them. */
export const deadLetterPayload = payloadReader(DEAD_LETTER, DeadLetter);
