import pino, { type Logger } from 'pino';
import type { Config } from '@bourse/core';
import { contextLogFields } from './context.ts';
import { LogBusSink } from './logbus.ts';

export type { Logger } from 'pino';

const sinks = new WeakMap<Logger, LogBusSink>();

/** The bus sink of a logger made by createLogger with central logs on (the runtime attaches it to the bus). */
export function logBusSink(log: Logger): LogBusSink | undefined {
  return sinks.get(log);
}

/** One JSON logger per process; services get children carrying `service`. Lines also go to the bus when `config.logs.toBus`. */
export function createLogger(config: Pick<Config, 'logLevel' | 'instanceId'> & Partial<Pick<Config, 'logs'>>, name = 'bourse'): Logger {
  const options: pino.LoggerOptions = {
    name,
    level: config.logLevel,
    base: { instance: config.instanceId },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    // Lines written while a bus message is handled carry the request id that caused it.
    mixin: contextLogFields,
  };
  const logs = config.logs;
  if (!logs?.toBus || config.logLevel === 'silent') {
    return logs && !logs.stdout ? pino({ ...options, enabled: false }) : pino(options);
  }
  const sink = new LogBusSink({ ratePerSecond: logs.busRatePerSecond, instance: config.instanceId });
  const streams: pino.StreamEntry[] = [{ level: config.logLevel, stream: sink }];
  if (logs.stdout) streams.unshift({ level: config.logLevel, stream: pino.destination(1) });
  const log = pino(options, pino.multistream(streams));
  sinks.set(log, sink);
  return log;
}
