import { spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@bourse/core/testing';

/**
 * A private PostgreSQL cluster for tests that stop and restart the database (the shared test server
 * must never be stopped): initdb into a temporary directory, trust authentication, loopback only, on
 * a port of its own, its socket in that directory. As root, the server runs as the `postgres` user.
 */
export interface PrivatePostgres {
  readonly port: number;
  /** The `postgres` database of the cluster. */
  readonly url: string;
  /** `pg_ctl stop -m <mode>`: immediate is a crash (no checkpoint, every connection reset), fast a clean shutdown. */
  stop(mode: 'immediate' | 'fast'): void;
  /** Start it again on the same port and directory, waiting until it accepts connections. */
  start(): void;
  /** Stop it (if running) and remove its directory. */
  remove(): void;
}

const asRoot = process.getuid?.() === 0;

/** Run a PostgreSQL binary (as the postgres user when root), failing with its output. */
function run(command: string, args: string[]): void {
  const [bin, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  const r = spawnSync(bin, argv, { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status ?? r.error?.message}):\n${r.stdout}${r.stderr}`);
}

/** For `describe(name, { skip: skipUnlessPostgresBinaries() })`: false when initdb and pg_ctl run here, else why not. */
export function skipUnlessPostgresBinaries(): string | false {
  for (const bin of ['initdb', 'pg_ctl']) {
    const probe = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    if (probe.status !== 0) return `${bin} cannot run here (${probe.error?.message ?? probe.stderr.trim()})`;
  }
  return false;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'bourse-pg-'));
  const data = join(dir, 'data');
  if (asRoot) {
    // the postgres user owns the cluster; a uid lookup keeps this free of a passwd parser
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(dir, uid, gid);
  }
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  let running = false;
  const start = () => {
    run('pg_ctl', [
      '-D',
      data,
      '-l',
      join(dir, 'log'),
      '-w',
      '-t',
      '60',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    ]);
    running = true;
  };
  const stop = (mode: 'immediate' | 'fast') => {
    run('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '60', 'stop']);
    running = false;
  };
  start();
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop,
    start,
    remove() {
      try {
        if (running) stop('immediate');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
