import type { ColumnType, Generated, Kysely } from 'kysely';
import { escapeLike, toMs } from '../rows.ts';
import type { Database } from '../schema.ts';

/** The dead_letters table (migration 0009_dead_letters). */
export interface DeadLettersTable {
  id: string;
  subject: string;
  consumer: string;
  kind: string;
  reason: string;
  deliveries: number;
  size: number;
  sha256: string;
  truncated: boolean;
  body: Uint8Array | null;
  dead_at: ColumnType<Date, Date, Date>;
  recorded_at: Generated<Date>;
  replays: Generated<number>;
  replayed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

declare module '../schema.ts' {
  interface Database {
    dead_letters: DeadLettersTable;
  }
}

/** One dead letter as recorded. */
export interface DeadLetterRecord {
  /** the dead letter's id (`dlq:<consumer>:<original id>`) */
  id: string;
  /** the original message's subject */
  subject: string;
  consumer: string;
  kind: string;
  reason: string;
  deliveries: number;
  /** bytes of the original */
  size: number;
  sha256: string;
  /** the dead letter carried only the head of the original; the body here came from the bus's stream */
  truncated: boolean;
  /** epoch ms it was dead-lettered */
  deadAt: number;
}

export interface StoredDeadLetter extends DeadLetterRecord {
  recordedAt: number;
  replays: number;
  replayedAt: number | null;
}

export interface DeadLetterQuery {
  /** a subject, or a prefix ending in `>` (`md.tick.>`) */
  subject?: string;
  id?: string;
  /** only those never replayed */
  pending?: boolean;
  limit: number;
}

export interface DeadLetterRepository {
  /** Store a dead letter with the original's bytes; false when its id is stored already (a dead letter is stored once). */
  record(letter: DeadLetterRecord, body: Uint8Array | null): Promise<boolean>;
  /** Newest first, without bodies. */
  list(q: DeadLetterQuery): Promise<StoredDeadLetter[]>;
  /** The original's bytes, or undefined (no such letter, or its body expired before it was recorded). */
  body(id: string): Promise<Uint8Array | undefined>;
  /** Note one more replay. */
  markReplayed(id: string, at: number): Promise<void>;
}

const COLUMNS = [
  'id',
  'subject',
  'consumer',
  'kind',
  'reason',
  'deliveries',
  'size',
  'sha256',
  'truncated',
  'dead_at',
  'recorded_at',
  'replays',
  'replayed_at',
] as const;

export function deadLetterRepository(db: Kysely<Database>): DeadLetterRepository {
  return {
    async record(l, body) {
      const result = await db
        .insertInto('dead_letters')
        .values({
          id: l.id,
          subject: l.subject,
          consumer: l.consumer,
          kind: l.kind,
          // PostgreSQL text holds no NUL
          reason: l.reason.replaceAll('\u0000', ''),
          deliveries: l.deliveries,
          size: l.size,
          sha256: l.sha256,
          truncated: l.truncated,
          body,
          dead_at: new Date(l.deadAt),
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .executeTakeFirst();
      return result !== undefined;
    },
    async list(q) {
      let query = db.selectFrom('dead_letters').select(COLUMNS);
      if (q.subject !== undefined) {
        query = q.subject.endsWith('>')
          ? query.where('subject', 'like', `${escapeLike(q.subject.slice(0, -1))}%`)
          : query.where('subject', '=', q.subject);
      }
      if (q.id !== undefined) query = query.where('id', '=', q.id);
      if (q.pending) query = query.where('replays', '=', 0);
      const rows = await query.orderBy('dead_at', 'desc').orderBy('id').limit(q.limit).execute();
      return rows.map((r) => ({
        id: r.id,
        subject: r.subject,
        consumer: r.consumer,
        kind: r.kind,
        reason: r.reason,
        deliveries: r.deliveries,
        size: Number(r.size),
        sha256: r.sha256,
        truncated: r.truncated,
        deadAt: toMs(r.dead_at),
        recordedAt: toMs(r.recorded_at),
        replays: r.replays,
        replayedAt: r.replayed_at === null ? null : toMs(r.replayed_at),
      }));
    },
    async body(id) {
      const row = await db.selectFrom('dead_letters').select('body').where('id', '=', id).executeTakeFirst();
      return row?.body ?? undefined;
    },
    async markReplayed(id, at) {
      await db
        .updateTable('dead_letters')
        .set((eb) => ({ replays: eb('replays', '+', 1), replayed_at: new Date(at) }))
        .where('id', '=', id)
        .execute();
    },
  };
}
