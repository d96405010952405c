import { once } from 'node:events';
import { createServer } from 'node:net';
/**
 * Test-only helpers: which real servers the server-backed suites run against.
 *
 * A suite runs against a server when its variable is set (CI sets all three):
 *   BOURSE_TEST_DATABASE_URL=postgres://...   BOURSE_TEST_NATS_URL=nats://...   BOURSE_TEST_REDIS_URL=redis://...
 * Without it, the suite is skipped (a new laptop has no servers). With
 * BOURSE_TEST_REQUIRE_SERVERS=1 a missing variable is an error, so CI fails rather than skips.
 */
export type TestServer = 'postgres' | 'nats' | 'redis';

const VARS: Record<TestServer, string> = {
  postgres: 'BOURSE_TEST_DATABASE_URL',
  nats: 'BOURSE_TEST_NATS_URL',
  redis: 'BOURSE_TEST_REDIS_URL',
};

/** The server's URL, or undefined when the suite should be skipped. Throws when servers are required but not configured. */
export function testServerUrl(server: TestServer): string | undefined {
  const url = process.env[VARS[server]]?.trim();
  if (url) return url;
  if (/^(1|true)$/i.test(process.env.BOURSE_TEST_REQUIRE_SERVERS ?? '')) {
    throw new Error(`${VARS[server]} is not set but BOURSE_TEST_REQUIRE_SERVERS=1: the ${server} suite must run`);
  }
  return undefined;
}

/** For `describe(name, { skip: skipUnless('nats') }, ...)`: false to run, or the reason to skip. */
export function skipUnless(server: TestServer): string | false {
  return testServerUrl(server) === undefined ? `${VARS[server]} not set` : false;
}

/** A loopback TCP port nothing listens on right now (for a server a test starts and restarts on a known port). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}
