import { existsSync, statSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { App } from '@bourse/kit';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Where `vite build` puts the dashboard (apps/web/dist). */
export const WEB_DIST = fileURLToPath(new URL('../../../apps/web/dist/', import.meta.url));

/** Paths that belong to the API and the process, never to the dashboard: an unknown one stays a JSON 404. */
const RESERVED = ['/api', '/ws', '/docs', '/openapi.json', '/health', '/ready', '/metrics', '/.well-known'];

/** What the build emits and browsers ask for by themselves: such a path is a file or nothing. */
const ASSET = /\.(js|mjs|css|map|json|txt|xml|webmanifest|ico|png|jpe?g|gif|svg|webp|avif|woff2?|ttf|wasm)$/i;

export function isReserved(path: string): boolean {
  return RESERVED.some((p) => path === p || path.startsWith(`${p}/`) || path.startsWith(`${p}?`));
}

/**
 * The dashboard at /: built files by their path (hashed assets cached for a year), and index.html for every
 * other GET that is not the API's, so that a deep link (/instrument/AAPL) opens the app on its page. Without
 * a build (apps/web/dist/index.html missing) nothing is mounted and / stays a 404.
 */
export async function registerWeb(app: App, root: string = WEB_DIST): Promise<boolean> {
  if (!existsSync(join(root, 'index.html'))) return false;
  await app.register(fastifyStatic, { root, serve: false });
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = decodeURIComponent(request.url.split('?')[0]!);
    if (isReserved(path)) return reply.callNotFound();
    const file = normalize(path).replace(/^[/\\]+/, '');
    if (file && !file.split(sep).includes('..')) {
      const full = join(root, file);
      if (existsSync(full) && statSync(full).isFile()) {
        const immutable = file.startsWith(`assets${sep}`);
        return reply.sendFile(file, { maxAge: immutable ? 31_536_000_000 : 0, immutable, cacheControl: true });
      }
    }
    // A missing asset is a 404, not the app: a stale tab asking for an old chunk must fail visibly. A path
    // whose last segment only looks like a file name (/instrument/BRK.B) is one of the app's pages.
    if (file.startsWith(`assets${sep}`) || ASSET.test(file)) return reply.callNotFound();
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html', { cacheControl: false });
  };
  const options = { schema: { hide: true }, config: { auth: 'public' as const } };
  app.get('/', options, handler);
  app.get('/*', options, handler);
  return true;
}
