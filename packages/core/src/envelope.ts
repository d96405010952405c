import Type, { type Static } from 'typebox';
import { Compile } from 'typebox/compile';

/**
 * Every bus message is an envelope. `id` is unique and stable: a republished or
 * redelivered message carries the same id, so JetStream de-duplication and
 * idempotent consumers recognise it.
 */
export const Envelope = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 256 }),
  type: Type.String({ minLength: 1, maxLength: 64 }),
  v: Type.Integer({ minimum: 1 }),
  ts: Type.Integer({ minimum: 0 }),
  source: Type.String({ minLength: 1, maxLength: 128 }),
  key: Type.String({ maxLength: 256 }),
  data: Type.Unknown(),
  requestId: Type.Optional(Type.String({ maxLength: 128 })),
  traceparent: Type.Optional(Type.String({ maxLength: 128 })),
});
export type Envelope<T = unknown> = Omit<Static<typeof Envelope>, 'data'> & { data: T };

const checkEnvelope = Compile(Envelope);

export function envelope<T>(fields: {
  id: string;
  type: string;
  source: string;
  key: string;
  data: T;
  v?: number;
  ts?: number;
  requestId?: string;
}): Envelope<T> {
  const env: Envelope<T> = {
    id: fields.id,
    type: fields.type,
    v: fields.v ?? 1,
    ts: fields.ts ?? Date.now(),
    source: fields.source,
    key: fields.key,
    data: fields.data,
  };
  if (fields.requestId !== undefined) env.requestId = fields.requestId;
  return env;
}

export class MalformedMessageError extends Error {
  override name = 'MalformedMessageError';
}

/** Parse raw bytes into an envelope; throws MalformedMessageError with the reason. */
export function decodeEnvelope(bytes: Uint8Array | string): Envelope {
  let value: unknown;
  try {
    value = JSON.parse(typeof bytes === 'string' ? bytes : new TextDecoder().decode(bytes));
  } catch (cause) {
    throw new MalformedMessageError(`bad JSON: ${(cause as Error).message}`, { cause });
  }
  if (!checkEnvelope.Check(value)) {
    const first = [...checkEnvelope.Errors(value)][0];
    throw new MalformedMessageError(`not an envelope: ${first ? `${first.instancePath || '/'} ${first.message}` : 'invalid'}`);
  }
  return value as Envelope;
}

export function encodeEnvelope(env: Envelope): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(env));
}
