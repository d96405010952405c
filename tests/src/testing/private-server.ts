import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { Socket } from 'node:net';
import { freePort } from '@bourse/core/testing';

/** Whether the server on the port answers (`hello` sent first, when given) with data that starts with `prefix`. */
export async function answers(port: number, prefix: string, hello?: string): Promise<boolean> {
  const socket = new Socket();
  try {
    return await new Promise<boolean>((resolve) => {
      socket.setTimeout(500, () => resolve(false));
      socket.once('error', () => resolve(false));
      socket.once('data', (data) => resolve(data.toString().startsWith(prefix)));
      socket.connect(port, '127.0.0.1', () => {
        if (hello !== undefined) socket.write(hello);
      });
    });
  } finally {
    socket.destroy();
  }
}

/** A server process of a test's own, on a spare port, that the test may kill and start again on that port. */
export interface PrivateProcess {
  readonly port: number;
  /** Start it (again) on the same port; resolves once `ready` says it answers. */
  start(): Promise<void>;
  /** SIGKILL (a crash, not a clean shutdown) and wait for the exit. */
  kill(): Promise<void>;
}

/**
 * Spawns `command(port)` on a spare port and waits until `ready(port)`; rejects with the server's
 * output when it exits or does not answer within `startTimeoutMs`. The spare port can be taken by
 * someone else before the server binds it, so a first start that fails is tried on another port,
 * up to three times.
 */
export async function startOnSparePort(o: {
  readonly name: string;
  readonly command: (port: number) => readonly [binary: string, args: readonly string[]];
  readonly ready: (port: number) => Promise<boolean>;
  readonly startTimeoutMs: number;
}): Promise<PrivateProcess> {
  let port = await freePort();
  let child: ChildProcess | undefined;
  const output: string[] = [];
  const start = async () => {
    output.length = 0;
    const [binary, args] = o.command(port);
    const c = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = c;
    c.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    c.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const until = Date.now() + o.startTimeoutMs;
    while (Date.now() < until) {
      if (c.exitCode !== null || c.signalCode !== null) break;
      if (await o.ready(port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    c.kill('SIGKILL');
    throw new Error(`${o.name} did not start on port ${port}:\n${output.join('')}`);
  };
  const kill = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = once(c, 'exit');
    c.kill('SIGKILL');
    await exited;
  };
  for (let attempt = 1; ; attempt++) {
    try {
      await start();
      break;
    } catch (err) {
      if (attempt === 3) throw err;
      port = await freePort();
    }
  }
  return {
    get port() {
      return port;
    },
    start,
    kill,
  };
}
