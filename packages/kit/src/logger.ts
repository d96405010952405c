import pino, { type Logger } from 'pino';
import type { Config } from '@bourse/core';
import { contextLogFields } from './context.ts';

export type { Logger } from 'pino';

/** One JSON logger per process; services get children carrying `service`. */
export function createLogger(config: Pick<Config, 'logLevel' | 'instanceId'>, name = 'bourse'): Logger {
  return pino({
    name,
    level: config.logLevel,
    base: { instance: config.instanceId },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    // Lines written while a bus message is handled carry the request id that caused it.
    mixin: contextLogFields,
  });
}
