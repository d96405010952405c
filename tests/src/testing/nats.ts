import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@bourse/core/testing';

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

/** Whether something answers with NATS's INFO line on the port. */
async function natsInfo(port: number): Promise<boolean> {
  const socket = new Socket();
  try {
    return await new Promise<boolean>((resolve) => {
      socket.setTimeout(500, () => resolve(false));
      socket.once('error', () => resolve(false));
      socket.once('data', (data) => resolve(data.toString().startsWith('INFO')));
      socket.connect(port, '127.0.0.1');
    });
  } finally {
    socket.destroy();
  }
}

export async function startPrivateNats(): Promise<PrivateNats> {
  const bin = binary();
  if (bin === undefined) throw new Error('no nats-server binary');
  const storeDir = mkdtempSync(join(tmpdir(), 'bourse-fault-nats-'));
  let port = await freePort();
  let child: ChildProcess | undefined;
  const output: string[] = [];
  const launch = async () => {
    output.length = 0;
    const c = spawn(bin, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = c;
    c.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    c.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const until = Date.now() + 30_000;
    while (Date.now() < until) {
      if (c.exitCode !== null || c.signalCode !== null) break;
      if (await natsInfo(port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    c.kill('SIGKILL');
    throw new Error(`nats-server did not start on port ${port}:\n${output.join('')}`);
  };
  const kill = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = once(c, 'exit');
    c.kill('SIGKILL');
    await exited;
  };
  // The spare port can be taken before the server binds it: try another once or twice.
  for (let attempt = 1; ; attempt++) {
    try {
      await launch();
      break;
    } catch (err) {
      if (attempt === 3) throw err;
      port = await freePort();
    }
  }
  return {
    port,
    url: `nats://127.0.0.1:${port}`,
    storeDir,
    kill,
    start: launch,
    async dispose() {
      await kill();
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}
