import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';

/** How often a dependency that stays down is logged again: once a minute, with the failures since. */
export const DOWN_REPEAT_MS = 60_000;

/**
 * What the callers of one dependency (a Redis, an upstream) report after each call, so that an outage
 * is logged when it starts, once a minute while it lasts and when it ends: a few lines, not one per
 * operation (a quote cache written per tick batch would log thousands a second).
 */
export interface DependencyState {
  /** A call succeeded. Cheap when nothing changed: callers report every call. */
  up(): void;
  /** A call failed because the dependency is away or too slow. */
  down(error: unknown): void;
  readonly isUp: boolean;
}

export interface DependencyStateOptions {
  /** `bourse_dependency_up{dependency}`: 1 or 0, for alerts. */
  readonly metrics?: Metrics;
  readonly repeatMs?: number;
  readonly now?: () => number;
}

export function dependencyState(log: Logger, dependency: string, options: DependencyStateOptions = {}): DependencyState {
  const repeatMs = options.repeatMs ?? DOWN_REPEAT_MS;
  const now = options.now ?? Date.now;
  // One gauge per registry, a label per dependency (Metrics.gauge returns the one already made).
  const gauge = options.metrics?.gauge('dependency_up', 'Whether the last call to a dependency succeeded (1) or failed (0)', [
    'dependency',
  ]);
  gauge?.set({ dependency }, 1);
  let isUp = true;
  let downSince = 0;
  let loggedAt = 0;
  let failures = 0;
  let unlogged = 0;
  const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));
  return {
    get isUp() {
      return isUp;
    },
    up() {
      if (isUp) return;
      isUp = true;
      gauge?.set({ dependency }, 1);
      log.info({ dependency, downMs: now() - downSince, failures }, `${dependency} is back`);
    },
    down(error) {
      const t = now();
      if (isUp) {
        isUp = false;
        gauge?.set({ dependency }, 0);
        downSince = t;
        loggedAt = t;
        failures = 1;
        unlogged = 0;
        log.warn({ dependency, reason: reason(error) }, `${dependency} is down`);
        return;
      }
      failures++;
      unlogged++;
      if (t - loggedAt < repeatMs) return;
      log.warn(
        { dependency, reason: reason(error), downMs: t - downSince, failuresSinceLastLine: unlogged },
        `${dependency} is still down`,
      );
      loggedAt = t;
      unlogged = 0;
    },
  };
}
