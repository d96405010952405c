import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answers, startOnSparePort } from './private-server.ts';

/**
 * A private `nats-server` with JetStream on a spare port and a store directory of its own, for
 * tests that kill the broker (the shared test server must never be touched). Restarted on the
 * same port and directory, it comes back with the streams and messages it had stored.
 */
export interface PrivateNats {
  readonly port: number;
  readonly url: string;
  readonly storeDir: string;
  /** SIGKILL (a crash, not a clean shutdown) and wait for the exit. */
  kill(): Promise<void>;
  /** Start it again on the same port and store directory; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Kill it and remove its store directory. */
  dispose(): Promise<void>;
}

const BINARIES = ['/usr/sbin/nats-server', '/usr/local/bin/nats-server', 'nats-server'];

function binary(): string | undefined {
  return BINARIES.find((b) => spawnSync(b, ['--version'], { encoding: 'utf8' }).status === 0);
}

/** For `describe(name, { skip: skipUnlessNatsServer() }, ...)`: false when a nats-server binary runs here, else the reason. */
export function skipUnlessNatsServer(): string | false {
  if (binary() !== undefined) return false;
  const reason = 'nats-server cannot run here';
  if (/^(1|true)$/i.test(process.env.BOURSE_TEST_REQUIRE_SERVERS ?? '')) throw new Error(`${reason} but BOURSE_TEST_REQUIRE_SERVERS=1`);
  return reason;
}

export async function startPrivateNats(): Promise<PrivateNats> {
  const bin = binary();
  if (bin === undefined) throw new Error('no nats-server binary');
  const storeDir = mkdtempSync(join(tmpdir(), 'bourse-fault-nats-'));
  const server = await startOnSparePort({
    name: 'nats-server',
    command: (port) => [bin, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir]],
    // the server greets every client with its INFO line
    ready: (port) => answers(port, 'INFO'),
    startTimeoutMs: 30_000,
  });
  return {
    port: server.port,
    url: `nats://127.0.0.1:${server.port}`,
    storeDir,
    kill: server.kill,
    start: server.start,
    async dispose() {
      await server.kill();
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}
