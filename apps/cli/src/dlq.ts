import { createBus } from '@bourse/bus';
import { ConfigError, type Config, loadConfig } from '@bourse/core';
import { createStore, type StoredDeadLetter } from '@bourse/store';
import { replayDeadLetters } from '@bourse/svc-logs';
import type { Command } from 'commander';

function limitOf(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new ConfigError('--limit', 'must be an integer from 1 to 10000');
  return n;
}

function line(l: StoredDeadLetter): string {
  const replayed = l.replays > 0 ? `replayed ${l.replays}x` : 'pending';
  return `${new Date(l.deadAt).toISOString()}  ${l.subject}  ${l.consumer}  ${l.kind}  ${l.size} B  ${replayed}  ${l.id}\n    ${l.reason}\n`;
}

/** The bus a replay publishes on: the distributed one (the embedded shape's bus lives inside its process). */
function replayBus(config: Config) {
  if (config.bus.kind !== 'nats') {
    throw new ConfigError(
      'BOURSE_BUS',
      'must be a nats:// URL to replay from the command line (the embedded shape replays with POST /api/v1/dlq/replay)',
    );
  }
  return createBus(config.bus, { name: 'bourse-cli' });
}

/** `bourse dlq list` and `bourse dlq replay`: the dead-letter queue for an operator. */
export function dlqCommands(program: Command): void {
  const dlq = program.command('dlq').description('Dead letters: what the consumers gave up on, and why; resend once the cause is fixed');
  dlq
    .command('list')
    .description('List dead letters, newest first')
    .option('-s, --subject <subject>', 'a subject, or a prefix ending in .> (md.tick.>)')
    .option('--pending', 'only those never replayed')
    .option('-n, --limit <n>', 'how many', '100')
    .option('--json', 'print JSON')
    .action(async (opts: { subject?: string; pending?: boolean; limit: string; json?: boolean }) => {
      const limit = limitOf(opts.limit);
      const store = await createStore(loadConfig().database);
      try {
        const letters = await store.deadLetters.list({
          limit,
          ...(opts.subject ? { subject: opts.subject } : {}),
          ...(opts.pending ? { pending: true } : {}),
        });
        if (opts.json) process.stdout.write(`${JSON.stringify(letters, null, 2)}\n`);
        else {
          for (const l of letters) process.stdout.write(line(l));
          process.stdout.write(`${letters.length} dead letter${letters.length === 1 ? '' : 's'}\n`);
        }
      } finally {
        await store.close();
      }
    });
  dlq
    .command('replay')
    .description('Resend dead letters to their subjects with fresh message ids: those never replayed (of a subject), or one by id')
    .option('-s, --subject <subject>', 'a subject, or a prefix ending in .> (md.tick.>)')
    .option('--id <id>', 'one dead letter, replayed again even if it was before')
    .option('-n, --limit <n>', 'most letters resent', '1000')
    .action(async (opts: { subject?: string; id?: string; limit: string }) => {
      const limit = limitOf(opts.limit);
      const config = loadConfig();
      const store = await createStore(config.database);
      try {
        const bus = await replayBus(config);
        try {
          const r = await replayDeadLetters(
            { bus, store },
            { limit, ...(opts.subject ? { subject: opts.subject } : {}), ...(opts.id ? { id: opts.id } : {}) },
          );
          for (const id of r.replayed) process.stdout.write(`replayed ${id}\n`);
          for (const s of r.skipped) process.stdout.write(`skipped  ${s.id}: ${s.reason}\n`);
          process.stdout.write(`${r.replayed.length} replayed, ${r.skipped.length} skipped\n`);
        } finally {
          await bus.close();
        }
      } finally {
        await store.close();
      }
    });
}
