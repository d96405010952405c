import type { BusMessage } from '@bourse/bus';
import { logBatchPayload, subjects } from '@bourse/core';
import { defineService, ErrorResponse, keepRecent, queryTime, type ServiceContext, TimeQuery, type Worker } from '@bourse/kit';
import { LOG_LEVELS, type LogLevelName, type LogRecord } from '@bourse/store';
import Type from 'typebox';
import { deadLetterRoutes } from './dead-letter-routes.ts';
import { startDeadLetterRecorder } from './dead-letters.ts';
import { migrationAdminRoutes } from './migrations-admin.ts';

export { type ReplayQuery, type ReplayResult, replayDeadLetters } from './dead-letters.ts';

const Level = Type.Union(
  Object.keys(LOG_LEVELS).map((l) => Type.Literal(l)),
  { description: 'The lowest level returned' },
);
const NoControl = '^[^\\u0000-\\u001f]*$';
const LogsQuery = Type.Object({
  service: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: NoControl })),
  level: Type.Optional(Level),
  since: Type.Optional(TimeQuery),
  until: Type.Optional(TimeQuery),
  q: Type.Optional(Type.String({ maxLength: 200, pattern: NoControl, description: 'Text the message contains (case-insensitive)' })),
  requestId: Type.Optional(Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._:-]+$' })),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
});
const LogEntry = Type.Object({
  ts: Type.Integer(),
  service: Type.String(),
  level: Type.String(),
  instance: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  msg: Type.String(),
  line: Type.Record(Type.String(), Type.Unknown(), { description: 'The whole line as logged' }),
});

/**
 * The rows of one `log.batch` envelope; a batch that is not one throws
 * PoisonMessageError naming the invalid field, and is dead-lettered. A line
 * without a service is filed under its subject's, without a time at the
 * envelope's, and a level Bourse does not know is filed as info.
 */
export function recordsOf(msg: BusMessage): LogRecord[] {
  const { lines } = logBatchPayload.read(msg.envelope);
  const fallback = msg.subject.slice('logs.'.length);
  return lines.map((line) => {
    const time = line.time === undefined ? Number.NaN : new Date(line.time).getTime();
    return {
      ts: Number.isFinite(time) ? time : msg.envelope.ts,
      service: line.service?.slice(0, 64) ?? fallback,
      level: line.level !== undefined && Object.hasOwn(LOG_LEVELS, line.level) ? (line.level as LogLevelName) : 'info',
      instance: line.instance?.slice(0, 128) ?? null,
      requestId: line.requestId?.slice(0, 128) ?? null,
      msg: line.msg?.slice(0, 4096) ?? '',
      line,
    };
  });
}

/** Postgres text cannot hold NUL: strip it from what is stored. */
function clean(r: LogRecord): LogRecord {
  const strip = (s: string) => s.replaceAll('\u0000', '');
  const line = JSON.parse(JSON.stringify(r.line).replaceAll('\\u0000', '')) as Record<string, unknown>;
  return {
    ...r,
    service: strip(r.service),
    msg: strip(r.msg),
    instance: r.instance && strip(r.instance),
    requestId: r.requestId && strip(r.requestId),
    line,
  };
}

async function startLogs({ bus, store, config, log, metrics }: ServiceContext<'bus' | 'store'>): Promise<Worker> {
  const repo = store.logs;
  const retention = keepRecent(
    config.logs.retentionHours,
    async (before) => {
      const deleted = await repo.deleteBefore(before);
      if (deleted > 0) log.debug({ deleted }, 'old log lines deleted');
    },
    (err) => log.warn({ err }, 'deleting old log lines failed'),
  );
  await retention.first;
  // Its own handling is not logged per message: each line would come back as a message.
  const consumer = await bus.consume(subjects.logsAll, { durable: 'logs', concurrency: 4 }, async (msg) => {
    await repo.insertMany(recordsOf(msg).map(clean));
  });
  const deadLetters = await startDeadLetterRecorder({ bus, store, log, metrics });
  log.info({ retentionHours: config.logs.retentionHours }, 'logs consuming logs.> and recording dlq.>');
  return {
    async stop() {
      await retention.stop();
      await consumer.stop();
      await deadLetters.stop();
    },
  };
}

/**
 * Central logs: every process's lines arrive on logs.<service>; kept for a retention period; queried
 * by admins. And the dead-letter queue's record: every dead letter on dlq.> stored once, listed and
 * replayed by admins.
 */
export const logsService = defineService({
  name: 'logs',
  description: 'Central logs and dead letters: stores every service log line and every dead letter from the bus, and serves them to admins',
  needs: ['bus', 'store'],
  prefixes: ['/logs', '/dlq', '/data'],
  async routes(app, { store, bus }) {
    await deadLetterRoutes(app, { bus, store });
    const repo = store.logs;
    app.get(
      '/logs',
      {
        config: { auth: 'admin' },
        schema: {
          tags: ['logs'],
          summary: 'Query the central logs (admins)',
          querystring: LogsQuery,
          response: { 200: Type.Object({ data: Type.Array(LogEntry) }), 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse },
        },
      },
      async (request) => {
        const { service, level, since, until, q, requestId, limit } = request.query;
        const data = await repo.query({
          limit,
          ...(service ? { service } : {}),
          ...(level ? { level: level as LogLevelName } : {}),
          ...(since !== undefined ? { since: queryTime(since, 'since') } : {}),
          ...(until !== undefined ? { until: queryTime(until, 'until') } : {}),
          ...(q ? { q } : {}),
          ...(requestId ? { requestId } : {}),
        });
        return { data };
      },
    );

    await migrationAdminRoutes(app, store);
  },
  start: startLogs,
});
