import Type, { type Static } from 'typebox';
import { payloadReader } from '../payload.ts';

/** Envelope type of the log batches on `logs.<service>`. */
export const LOG_BATCH = 'log.batch';

/** Lines per batch a reader accepts; the kit's sink sends 200 at most. */
const LOG_BATCH_MAX = 10_000;

/**
 * One log line as a process wrote it (pino's JSON, parsed). The fields the logs
 * service files a line by are typed; every other field is the line's own and
 * kept as it is. `level` is pino's label (trace, debug, info, warn, error,
 * fatal); `time` is ISO 8601 or epoch ms.
 */
export const LogLine = Type.Object(
  {
    level: Type.Optional(Type.String()),
    time: Type.Optional(Type.Union([Type.String(), Type.Number()])),
    msg: Type.Optional(Type.String()),
    service: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);
export type LogLine = Static<typeof LogLine>;

/** The lines of one service, in the order they were written. */
export const LogBatch = Type.Object({
  lines: Type.Array(LogLine, { maxItems: LOG_BATCH_MAX }),
});
export type LogBatch = Static<typeof LogBatch>;

/** Reads the log batches every process publishes for the logs service. */
export const logBatchPayload = payloadReader(LOG_BATCH, LogBatch);
