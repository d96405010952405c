import { ConfigError, loadConfig } from '@bourse/core';
import { createStore } from '@bourse/store';
import { createUser } from '@bourse/svc-auth';
import { Command } from 'commander';
import closeWithGrace from 'close-with-grace';
import { seedReferenceData, VERSION } from '@bourse/kit';
import { dlqCommands } from './dlq.ts';
import { banner, start } from './start.ts';
import { registerEtlCommands } from './etl.ts';
import { promptHidden } from './prompt.ts';
import { registerDataCommands } from './data.ts';

function fail(err: unknown): never {
  if (err instanceof ConfigError) {
    process.stderr.write(`bourse: configuration error: ${err.message}\n`);
  } else {
    process.stderr.write(`bourse: ${(err as Error).message ?? String(err)}\n`);
  }
  process.exit(1);
}

const program = new Command()
  .name('bourse')
  .description('Bourse: market data and analytics. Configured by environment variables (see README).')
  .version(VERSION);

program
  .command('start')
  .description('Start services: all of them in one process (no names), or the ones named, e.g. `bourse start ingest bars`')
  .argument('[services...]', 'feed, ingest, bars, market-data, symbols, gateway')
  .action(async (names: string[]) => {
    const config = loadConfig();
    const running = await start(config, names);
    process.stdout.write(`${banner(config, running, names)}\n`);
    closeWithGrace({ delay: 15_000 }, async ({ signal, err }) => {
      if (err) running.ctx.log.error({ err }, 'stopping after an error');
      else running.ctx.log.info({ signal }, 'shutting down');
      await running.stop();
    });
  });

program
  .command('migrate')
  .description('Database migrations: up (all pending), down (one step), status')
  .argument('<direction>', 'up | down | status')
  .action(async (direction: string) => {
    if (!['up', 'down', 'status'].includes(direction))
      throw new ConfigError('migrate', `direction must be up, down or status (got "${direction}")`);
    const config = loadConfig();
    const store = await createStore(config.database, { migrate: false });
    try {
      if (direction === 'status') {
        for (const m of await store.migrate.status()) process.stdout.write(`${m.applied ? 'applied' : 'pending'}  ${m.name}\n`);
      } else {
        const names = direction === 'up' ? await store.migrate.up() : await store.migrate.down();
        process.stdout.write(names.length ? `${direction}: ${names.join(', ')}\n` : `${direction}: nothing to do\n`);
        if (direction === 'up') await seedReferenceData(store);
      }
    } finally {
      await store.close();
    }
  });

const symbols = program.command('symbols').description('The instrument registry');
symbols
  .command('list')
  .description('List instruments')
  .option('-q, --query <text>', 'match symbol or name')
  .option('-e, --exchange <code>', 'exchange code, e.g. HOSE')
  .option('-a, --asset-class <class>', 'equity, etf, index, crypto, fx, option')
  .option('-n, --limit <n>', 'how many', '100')
  .option('--json', 'print JSON')
  .action(async (opts: { query?: string; exchange?: string; assetClass?: string; limit: string; json?: boolean }) => {
    const config = loadConfig();
    const store = await createStore(config.database);
    try {
      await seedReferenceData(store);
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new ConfigError('--limit', 'must be an integer from 1 to 10000');
      const result = await store.instruments.search({
        ...(opts.query ? { q: opts.query } : {}),
        ...(opts.exchange ? { exchange: opts.exchange.toUpperCase() } : {}),
        ...(opts.assetClass ? { assetClass: opts.assetClass as never } : {}),
        limit,
        offset: 0,
      });
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      } else {
        for (const i of result.data) {
          process.stdout.write(`${i.symbol.padEnd(12)} ${i.exchange.padEnd(9)} ${i.assetClass.padEnd(7)} ${i.currency}  ${i.name}\n`);
        }
        process.stdout.write(`${result.data.length} of ${result.total}\n`);
      }
    } finally {
      await store.close();
    }
  });

dlqCommands(program);

const users = program.command('users').description('Accounts');
users
  .command('create')
  .description('Create an account, e.g. the first administrator: bourse users create --admin --email you@example.com')
  .requiredOption('--email <email>', 'email address')
  .option('--password <password>', 'password (else BOURSE_ADMIN_PASSWORD, else a prompt)')
  .option('--admin', 'with the admin role')
  .action(async (opts: { email: string; password?: string; admin?: boolean }) => {
    const config = loadConfig();
    const password = opts.password ?? config.auth.adminPassword ?? (await promptHidden('Password: '));
    const store = await createStore(config.database);
    try {
      const user = await createUser(store.auth, { email: opts.email, password, role: opts.admin ? 'admin' : 'user' });
      process.stdout.write(`created ${user.role} ${user.email} (${user.id})\n`);
    } finally {
      await store.close();
    }
  });

registerDataCommands(program);
registerEtlCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  fail(err);
}
