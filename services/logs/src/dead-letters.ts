import { createHash } from 'node:crypto';
import type { Bus, Consumer } from '@bourse/bus';
import { type DeadLetter, deadLetterPayload, decodeEnvelope, encodeEnvelope, type Envelope, subjects } from '@bourse/core';
import type { Logger, Metrics } from '@bourse/kit';
import type { DeadLetterRecord, Store, StoredDeadLetter } from '@bourse/store';

/**
 * The original's bytes from what its dead letter carries: the text as it came, base64 decoded,
 * or the envelope encoded again (as its publisher encoded it). A truncated letter's body is read
 * back from the bus's stream and kept only when its hash is the letter's.
 */
async function bodyOf(letter: DeadLetter, bus: Bus, log: Logger): Promise<Uint8Array | null> {
  if (letter.truncated) {
    const stored = letter.ref ? await bus.storedMessage(letter.ref) : undefined;
    if (stored && createHash('sha256').update(stored).digest('hex') === letter.sha256) return stored;
    log.warn(
      { subject: letter.subject, ref: letter.ref },
      'the body of a truncated dead letter is no longer in the bus; recorded without it',
    );
    return null;
  }
  const o = letter.original;
  if (typeof o === 'string') return new TextEncoder().encode(o);
  if (typeof o === 'object' && o !== null && typeof (o as { base64?: unknown }).base64 === 'string') {
    return Buffer.from((o as { base64: string }).base64, 'base64');
  }
  return new TextEncoder().encode(JSON.stringify(o));
}

/** What the recorder stores for a message on `dlq.>` that is not a dead letter: itself, filed as malformed. */
function strayRecord(env: Envelope, subject: string, reason: string): { record: DeadLetterRecord; body: Uint8Array } {
  const body = encodeEnvelope(env);
  return {
    record: {
      id: env.id,
      subject,
      consumer: env.source.slice(0, 64),
      kind: 'malformed',
      reason: `not a dead letter: ${reason}`,
      deliveries: 1,
      size: body.byteLength,
      sha256: createHash('sha256').update(body).digest('hex'),
      truncated: false,
      deadAt: env.ts,
    },
    body,
  };
}

/**
 * Stores every dead letter once: a durable on `dlq.>` shared by every logs process, writing each
 * letter with the original's whole body, idempotent on the letter's id (a letter published twice,
 * or redelivered after a crash, is stored once). It never dead-letters what it reads: a message
 * on `dlq.>` that is not a dead letter is stored too, as it is.
 */
export async function startDeadLetterRecorder(deps: { bus: Bus; store: Store; log: Logger; metrics: Metrics }): Promise<Consumer> {
  const { bus, store, log, metrics } = deps;
  const stored = metrics.counter('dead_letters_stored_total', 'Dead letters stored, each once', ['consumer', 'reason']);
  return bus.consume(subjects.deadLettersAll, { durable: 'dlq_recorder', concurrency: 8 }, async (msg) => {
    let record: DeadLetterRecord;
    let body: Uint8Array | null;
    const letter = deadLetterPayload.readOrNone(msg.envelope);
    if (letter) {
      record = {
        id: msg.envelope.id,
        subject: letter.subject,
        consumer: letter.consumer,
        kind: letter.kind,
        reason: letter.reason,
        deliveries: letter.deliveries,
        size: letter.size,
        sha256: letter.sha256,
        truncated: letter.truncated === true,
        deadAt: msg.envelope.ts,
      };
      body = await bodyOf(letter, bus, log);
    } else {
      let reason: string;
      try {
        deadLetterPayload.read(msg.envelope);
        reason = 'invalid';
      } catch (err) {
        reason = (err as Error).message;
      }
      ({ record, body } = strayRecord(msg.envelope, msg.subject, reason));
    }
    if (await store.deadLetters.record(record, body)) stored.inc({ consumer: record.consumer, reason: record.kind });
  });
}

export interface ReplayQuery {
  subject?: string;
  id?: string;
  /** most letters replayed in one go (default 1000) */
  limit?: number;
}

export interface ReplayResult {
  /** ids of the dead letters resent */
  replayed: string[];
  /** those that could not be, and why */
  skipped: { id: string; reason: string }[];
}

/** The resend's id: new for every replay, since JetStream drops an id it saw within its duplicate window. */
function replayId(original: string, replay: number): string {
  const id = `${original}~replay${replay}`;
  return id.length <= 256 ? id : `replay:${createHash('sha256').update(original).digest('hex')}:${replay}`;
}

/**
 * Resend dead letters once their cause is fixed: each original envelope is published again to its
 * subject with a fresh message id, and the letter is marked replayed. By default the letters never
 * replayed; one named by id is replayed again if asked. The store's effects are idempotent (a tick
 * is stored once), so a replay of something already stored changes nothing.
 */
export async function replayDeadLetters(deps: { bus: Bus; store: Store; now?: () => number }, q: ReplayQuery): Promise<ReplayResult> {
  const { bus, store } = deps;
  const now = deps.now ?? Date.now;
  const letters: StoredDeadLetter[] = await store.deadLetters.list({
    ...(q.subject !== undefined ? { subject: q.subject } : {}),
    ...(q.id !== undefined ? { id: q.id } : { pending: true }),
    limit: q.limit ?? 1000,
  });
  const result: ReplayResult = { replayed: [], skipped: [] };
  // oldest first: resent in the order they failed
  for (const letter of letters.reverse()) {
    const body = await store.deadLetters.body(letter.id);
    if (body === undefined) {
      result.skipped.push({ id: letter.id, reason: 'its body was not kept' });
      continue;
    }
    let env: Envelope;
    try {
      env = decodeEnvelope(body);
    } catch (err) {
      result.skipped.push({ id: letter.id, reason: `${(err as Error).message}: nothing to resend` });
      continue;
    }
    await bus.publish(letter.subject, { ...env, id: replayId(env.id, letter.replays + 1) });
    await store.deadLetters.markReplayed(letter.id, now());
    result.replayed.push(letter.id);
  }
  return result;
}
