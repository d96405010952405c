import type { Logger, Worker } from '@bourse/kit';
import { keepRecent } from '@bourse/kit';
import type { OptionsRepository } from '@bourse/store';

/** Rows per DELETE when pruning: a backlog of days goes in short statements that chain ingestion and reads interleave with. */
export const PRUNE_BATCH = 5_000;

/**
 * Delete analytics history older than `before` (epoch ms), oldest first, `batch` rows at a time, until none is left
 * or `signal` aborts. Returns how many rows went.
 */
export async function pruneHistory(
  repo: OptionsRepository,
  before: number,
  { batch = PRUNE_BATCH, signal }: { batch?: number; signal?: AbortSignal } = {},
): Promise<number> {
  let total = 0;
  while (!signal?.aborted) {
    const deleted = await repo.deleteBefore(before, batch);
    total += deleted;
    if (deleted < batch) break;
  }
  return total;
}

/**
 * Keep `retentionHours` (BOURSE_OPTIONS_RETENTION_HOURS) of history: the first prune runs in the background, so a
 * large backlog does not hold start-up.
 */
export function startPruning(repo: OptionsRepository, retentionHours: number, log: Logger): Worker {
  return keepRecent(
    retentionHours,
    async (before, signal) => {
      const deleted = await pruneHistory(repo, before, { signal });
      if (deleted > 0) log.info({ deleted, retentionHours }, 'old option analytics deleted');
    },
    (err) => log.warn({ err }, 'deleting old option analytics failed'),
  );
}
