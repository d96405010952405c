import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** Test helpers that run `bourse` commands as separate OS processes (the distributed shape). */
const repo = fileURLToPath(new URL('../../../', import.meta.url));

export interface Proc {
  readonly name: string;
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: string[];
}

/** `bourse <args>` from the repository, quiet, on a free port of 127.0.0.1. */
export function bourse(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'apps/cli/src/main.ts', ...args], {
    cwd: repo,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Start `bourse start <service>` (instance id `name`) and wait for its banner to learn its URL (up to 3 min). */
export async function startService(name: string, service: string, env: Record<string, string>): Promise<Proc> {
  const child = bourse(['start', service], { BOURSE_INSTANCE_ID: name, ...env });
  const output: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    // Only a hang should trip this: a process on a loaded machine may take long to compile and connect.
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 3 min:\n${output.join('')}`)), 180_000);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      const m = /API\s+(http:\/\/[^/\s]+)\/api\/v1/.exec(output.join(''));
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${output.join('')}`));
    });
  });
  return { name, child, url, output };
}

/** SIGTERM, then SIGKILL if the process has not exited within 20 s (a hung shutdown fails the test, not the run). */
export async function stopProc(p: Pick<Proc, 'child'>): Promise<number | null> {
  // Gone already (exited, or killed by a signal, when exitCode stays null): its 'exit' has fired and will not again.
  if (p.child.exitCode !== null || p.child.signalCode !== null) return p.child.exitCode;
  p.child.kill('SIGTERM');
  const killer = setTimeout(() => p.child.kill('SIGKILL'), 20_000);
  const [code] = (await once(p.child, 'exit')) as [number | null];
  clearTimeout(killer);
  return code;
}
