import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { sendProblem } from './problem.js';
import { WEB_DIST } from './web-build.js';

/** Paths the web app never answers: the API and the operations endpoints keep their own 404s. */
const RESERVED = ['/api', '/docs', '/openapi.json', '/healthz', '/readyz', '/metrics'];
const IMMUTABLE = 'public, max-age=31536000, immutable';

function isFile(p: string): boolean {
  try { return fs.statSync(p).isFile(); } catch { return false; }
}

/**
 * Serves the built browser app (web/dist) from the same process: hashed files under /assets/ with a
 * year-long immutable cache, other files with a short one, and index.html (never cached) for every
 * other GET so client-side routes work on reload. Paths under /api, /docs, /openapi.json, /healthz,
 * /readyz and /metrics are never shadowed: unknown ones still get the problem+json 404.
 */
export async function registerWeb(app: FastifyInstance, opts: { distDir?: string } = {}): Promise<void> {
  const root = opts.distDir ?? WEB_DIST;
  await app.register(fastifyStatic, { root, serve: false, index: false });

  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const pathname = (req.url.split('?')[0] ?? '/');
    if (RESERVED.some((p) => pathname === p || pathname.startsWith(`${p}/`))) return reply.callNotFound();
    let rel: string;
    try { rel = decodeURIComponent(pathname).replace(/^\/+/, ''); } catch { return reply.callNotFound(); }
    const file = path.resolve(root, rel);
    if (rel && file.startsWith(root + path.sep) && isFile(file)) {
      reply.header('cache-control', rel.startsWith('assets/') ? IMMUTABLE : 'public, max-age=3600');
      return reply.sendFile(rel, root, { cacheControl: false });
    }
    // A missing asset or file must not come back as the HTML page (a browser would try to run it).
    if (rel.startsWith('assets/') || path.extname(rel) !== '') return reply.callNotFound();
    if (!isFile(path.join(root, 'index.html'))) {
      return sendProblem(reply, req, { status: 503, code: 'web.not_built',
        detail: 'The web app has not been built: run `npm run build:web` (npm start builds it when missing).' });
    }
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html', root, { cacheControl: false });
  };
  app.get('/*', { schema: { hide: true }, config: { rateLimit: false } }, handler);
  app.get('/', { schema: { hide: true }, config: { rateLimit: false } }, handler);
}
