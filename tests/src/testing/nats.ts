import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@bourse/core/testing';

/** A private `nats-server -js` on a port of its own, its store in a temporary directory, for tests that must not share streams. */
export interface PrivateNats {
  readonly url: string;
  /** Stop it (SIGKILL) and remove its directory. */
  remove(): Promise<void>;
}

async function accepts(port: number): Promise<boolean> {
  const socket = new Socket();
  try {
    return await new Promise<boolean>((resolve) => {
      socket.setTimeout(500, () => resolve(false));
      socket.once('error', () => resolve(false));
      // the server greets every client with its INFO line
      socket.once('data', (data) => resolve(data.toString().startsWith('INFO')));
      socket.connect(port, '127.0.0.1');
    });
  } finally {
    socket.destroy();
  }
}

export async function startPrivateNats(): Promise<PrivateNats> {
  const dir = mkdtempSync(join(tmpdir(), 'bourse-nats-'));
  const port = await freePort();
  const output: string[] = [];
  const child: ChildProcess = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => output.push(c.toString()));
  child.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
  const remove = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const until = Date.now() + 20_000;
  while (!(await accepts(port))) {
    if (Date.now() > until || child.exitCode !== null) {
      await remove();
      throw new Error(`nats-server did not start on port ${port}:\n${output.join('')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: `nats://127.0.0.1:${port}`, remove };
}
