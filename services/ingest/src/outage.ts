import type { Logger } from '@bourse/kit';

/** How often an outage that lasts is logged again. */
const REPEAT_MS = 60_000;

/**
 * Logs a dependency's outage when its state changes, and while it lasts at most once a minute,
 * however many operations fail meanwhile: `down(err)` on each failure, `up()` on each success.
 */
export function outageLog(log: Logger, dependency: string, now: () => number = Date.now) {
  let since: number | undefined;
  let logged = 0;
  let failures = 0;
  return {
    down(err: Error): void {
      const t = now();
      failures++;
      if (since === undefined) {
        since = t;
        logged = t;
        log.warn({ dependency, err: err.message }, `${dependency} unavailable: holding and retrying`);
      } else if (t - logged >= REPEAT_MS) {
        logged = t;
        log.warn({ dependency, err: err.message, seconds: Math.round((t - since) / 1000), failures }, `${dependency} still unavailable`);
      }
    },
    up(): void {
      if (since === undefined) return;
      log.info({ dependency, seconds: Math.round((now() - since) / 100) / 10, failures }, `${dependency} available again`);
      since = undefined;
      failures = 0;
    },
  };
}
