import type { Worker } from './service.ts';

/** A retention loop; `first` settles when the prune made at start has. */
export interface Retention extends Worker {
  readonly first: Promise<void>;
}

/**
 * Keeps `retentionHours` of something: `prune(before, signal)` deletes what is older than `before` (epoch
 * ms), once at start and then every tenth of the period, at most every 10 minutes. One prune runs at a
 * time; a failure goes to `onError` and the next tick tries again; `stop` aborts `signal` and waits for a
 * prune under way, so nothing touches the store after its service stopped.
 */
export function keepRecent(
  retentionHours: number,
  prune: (before: number, signal: AbortSignal) => Promise<void>,
  onError: (err: unknown) => void,
): Retention {
  const retentionMs = retentionHours * 3_600_000;
  const stopping = new AbortController();
  let running: Promise<void> | undefined;
  const tick = (): Promise<void> =>
    (running ??= prune(Date.now() - retentionMs, stopping.signal)
      .catch(onError)
      .finally(() => {
        running = undefined;
      }));
  const first = tick();
  const timer = setInterval(tick, Math.min(retentionMs / 10, 10 * 60_000));
  timer.unref();
  return {
    first,
    async stop() {
      clearInterval(timer);
      stopping.abort();
      await running;
    },
  };
}
