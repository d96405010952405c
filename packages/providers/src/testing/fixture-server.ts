import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Answer {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Text sent as it is (a fixture file's content, an HTML page, a truncated body). */
  readonly body: string;
  /** Wait this long before answering (an answer slower than the timeout). */
  readonly delayMs?: number;
}

export interface Seen {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** A fixture file's text, relative to the test file's folder. */
export function fixture(base: string, path: string): string {
  return readFileSync(new URL(path, base), 'utf8');
}

/**
 * A local HTTP server standing in for a provider: `answer` decides each reply from the request
 * (usually a recorded fixture), and every request is kept in `seen` for assertions.
 */
export async function fixtureServer(answer: (request: Seen, index: number) => Answer | Promise<Answer>) {
  const seen: Seen[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', async () => {
      const request: Seen = { method: req.method ?? 'GET', url: new URL(req.url ?? '/', 'http://fixture'), headers: req.headers, body };
      seen.push(request);
      const reply = await answer(request, seen.length - 1);
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
        res.end(reply.body);
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs).unref();
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
