import type { EtlSchedule } from '@bourse/core';
import { ConfigError } from '@bourse/core';
import type { ServiceContext, Worker } from '@bourse/kit';
import { Cron } from 'croner';

export interface ScheduleView {
  name: string;
  cron: string;
  source: string;
  symbols: string[];
  interval: string;
  lookbackMs: number;
  enabled: boolean;
  lastRun: number | null;
  nextRun: number | null;
}

/** Checks every schedule's cron expression at start: a bad one stops start-up naming the variable. */
export function parseSchedules(schedules: readonly EtlSchedule[]): { schedule: EtlSchedule; cron: Cron }[] {
  return schedules.map((schedule) => {
    try {
      return { schedule, cron: new Cron(schedule.cron, { paused: true, timezone: 'UTC' }) };
    } catch (error) {
      throw new ConfigError('BOURSE_ETL_SCHEDULES', `schedule ${schedule.name}: bad cron "${schedule.cron}" (${(error as Error).message})`);
    }
  });
}

export async function describeSchedules(ctx: ServiceContext<'store'>): Promise<ScheduleView[]> {
  return Promise.all(
    parseSchedules(ctx.config.etl.schedules).map(async ({ schedule, cron }) => ({
      name: schedule.name,
      cron: schedule.cron,
      source: schedule.source,
      symbols: [...schedule.symbols],
      interval: schedule.interval,
      lookbackMs: schedule.lookbackMs,
      enabled: schedule.enabled,
      lastRun: (await ctx.store.etl.lastJobAt(`schedule:${schedule.name}`)) ?? null,
      nextRun: schedule.enabled ? (cron.nextRun()?.getTime() ?? null) : null,
    })),
  );
}

/**
 * Runs the enabled schedules: at each fire time, one job for [fire - lookback, fire). The job id is
 * the schedule and the fire time, so with several etl instances each run is queued once.
 */
export function startSchedules(ctx: ServiceContext<'store'>): Worker {
  const jobs = parseSchedules(ctx.config.etl.schedules)
    .filter(({ schedule }) => schedule.enabled)
    .map(
      ({ schedule }) =>
        new Cron(schedule.cron, { timezone: 'UTC', protect: true }, async (self: Cron) => {
          const fired = self.currentRun()?.getTime() ?? Date.now();
          const at = Math.floor(fired / 1000) * 1000;
          const id = `schedule-${schedule.name}-${at}`;
          try {
            if (await ctx.store.etl.getJob(id)) return;
            await ctx.store.etl.createJob({
              id,
              source: schedule.source,
              interval: schedule.interval,
              from: at - schedule.lookbackMs,
              to: at,
              symbols: schedule.symbols,
              origin: `schedule:${schedule.name}`,
            });
          } catch (err) {
            if (!(await ctx.store.etl.getJob(id).catch(() => undefined)))
              ctx.log.warn({ err, schedule: schedule.name }, 'queueing a scheduled etl job failed');
          }
        }),
    );
  return {
    async stop() {
      for (const job of jobs) job.stop();
    },
  };
}
