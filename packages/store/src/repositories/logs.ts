import { type Kysely, sql } from 'kysely';
import { toMs } from '../rows.ts';
import type { Database } from '../schema.ts';

export const LOG_LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;
export type LogLevelName = keyof typeof LOG_LEVELS;

export interface LogRecord {
  ts: number;
  service: string;
  level: LogLevelName;
  instance: string | null;
  requestId: string | null;
  msg: string;
  /** The whole line as it was logged. */
  line: Record<string, unknown>;
}

export interface LogQuery {
  service?: string;
  /** The lowest level returned (warn: warn, error and fatal). */
  level?: LogLevelName;
  since?: number;
  until?: number;
  /** Text the message contains (case-insensitive). */
  q?: string;
  requestId?: string;
  limit: number;
}

export interface LogsRepository {
  insertMany(records: readonly LogRecord[]): Promise<number>;
  /** Newest first. */
  query(q: LogQuery): Promise<LogRecord[]>;
  /** Delete lines older than `before` (epoch ms); returns how many. */
  deleteBefore(before: number): Promise<number>;
}

const NAMES = Object.fromEntries(Object.entries(LOG_LEVELS).map(([k, v]) => [v, k])) as Record<number, LogLevelName>;

export function logsRepository(db: Kysely<Database>): LogsRepository {
  return {
    async insertMany(records) {
      if (records.length === 0) return 0;
      await db
        .insertInto('logs')
        .values(
          records.map((r) => ({
            ts: new Date(r.ts),
            service: r.service,
            level: LOG_LEVELS[r.level] ?? 30,
            instance: r.instance,
            request_id: r.requestId,
            msg: r.msg,
            line: JSON.stringify(r.line),
          })),
        )
        .execute();
      return records.length;
    },
    async query(q) {
      let query = db.selectFrom('logs').select(['ts', 'service', 'level', 'instance', 'request_id', 'msg', 'line']);
      if (q.service !== undefined) query = query.where('service', '=', q.service);
      if (q.level !== undefined) query = query.where('level', '>=', LOG_LEVELS[q.level]);
      if (q.since !== undefined) query = query.where('ts', '>=', new Date(q.since));
      if (q.until !== undefined) query = query.where('ts', '<', new Date(q.until));
      if (q.requestId !== undefined) query = query.where('request_id', '=', q.requestId);
      if (q.q !== undefined && q.q !== '') query = query.where(sql<boolean>`strpos(lower(msg), lower(${q.q})) > 0`);
      const rows = await query.orderBy('ts', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
      return rows.map((r) => ({
        ts: toMs(r.ts),
        service: r.service,
        level: NAMES[r.level] ?? 'info',
        instance: r.instance,
        requestId: r.request_id,
        msg: r.msg,
        line: JSON.parse(r.line) as Record<string, unknown>,
      }));
    },
    async deleteBefore(before) {
      const result = await db.deleteFrom('logs').where('ts', '<', new Date(before)).executeTakeFirst();
      return Number(result.numDeletedRows ?? 0);
    },
  };
}
