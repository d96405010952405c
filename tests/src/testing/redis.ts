import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { Socket } from 'node:net';
import { freePort } from '@bourse/core/testing';

/**
 * A private `redis-server` for tests that stop and restart Redis (the shared test server must
 * not be killed): no persistence, loopback only, on a port of its own.
 */
export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  /** Kill the server (SIGKILL: a crash, not a clean shutdown) and wait for it to exit. */
  kill(): Promise<void>;
  /** Start it again on the same port, empty. */
  restart(): Promise<void>;
}

/**
 * For `describe(name, { skip: skipUnlessRedisServer() }, ...)`: false when `redis-server` runs here,
 * else the reason to skip; with BOURSE_TEST_REQUIRE_SERVERS=1 a missing binary is an error instead.
 */
export function skipUnlessRedisServer(): string | false {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.status === 0) return false;
  const reason = `redis-server cannot run here (${probe.error?.message ?? probe.stderr.trim()})`;
  if (/^(1|true)$/i.test(process.env.BOURSE_TEST_REQUIRE_SERVERS ?? '')) {
    throw new Error(`${reason} but BOURSE_TEST_REQUIRE_SERVERS=1: install it (apt-get install redis-server)`);
  }
  return reason;
}

/** Whether a Redis answers PING on the port. */
export async function redisPing(port: number): Promise<boolean> {
  const socket = new Socket();
  try {
    return await new Promise<boolean>((resolve) => {
      socket.setTimeout(500, () => resolve(false));
      socket.once('error', () => resolve(false));
      socket.once('data', (data) => resolve(data.toString().startsWith('+PONG')));
      socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    });
  } finally {
    socket.destroy();
  }
}

/** Start `redis-server` on a free port and wait until it answers; rejects (never skips) when it does not start. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  let port = await freePort();
  let child: ChildProcess | undefined;
  const output: string[] = [];
  const launch = async () => {
    output.length = 0;
    const c = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = c;
    c.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    c.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const until = Date.now() + 10_000;
    while (Date.now() < until) {
      if (c.exitCode !== null || c.signalCode !== null) break;
      if (await redisPing(port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    c.kill('SIGKILL');
    throw new Error(`redis-server did not start on port ${port}:\n${output.join('')}`);
  };
  const kill = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = once(c, 'exit');
    c.kill('SIGKILL');
    await exited;
  };
  // The free port can be taken by someone else before redis-server binds it: try another once or twice.
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
    url: `redis://127.0.0.1:${port}`,
    kill,
    restart: async () => {
      await kill();
      await launch();
    },
  };
}
