import { spawnSync } from 'node:child_process';
import { answers, startOnSparePort } from './private-server.ts';

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
export function redisPing(port: number): Promise<boolean> {
  return answers(port, '+PONG', 'PING\r\n');
}

/** Start `redis-server` on a free port and wait until it answers; rejects (never skips) when it does not start. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const server = await startOnSparePort({
    name: 'redis-server',
    command: (port) => ['redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']],
    ready: redisPing,
    startTimeoutMs: 10_000,
  });
  return {
    port: server.port,
    url: `redis://127.0.0.1:${server.port}`,
    kill: server.kill,
    restart: async () => {
      await server.kill();
      await server.start();
    },
  };
}
