import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { securityHeaders, WEB_APP_HELMET_OPTIONS } from '../common/security-headers';

/** Vite names every built asset after its content hash, so a URL under /assets/ never changes meaning. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html names the current assets: never reuse a stored copy. */
export const NEVER_STORE = 'no-store';

/** Paths that belong to the API or the probes: they are never answered with the app. */
const NOT_THE_APP = /^\/(api|health)(\/|$)/;

/**
 * Serves the built web app (docs/web.md) from `root` on the same origin as /api/v1: hashed assets
 * cached for a year, index.html never stored, and every other GET outside /api and /health answered
 * with index.html so the app's router can take it. Those pages carry the app's own CSP; API answers
 * keep the API's headers. Without a build (`root/index.html` missing) nothing is registered and `/`
 * is the API's ordinary 404.
 */
export async function serveWebApp(fastify: FastifyInstance, rootDir: string): Promise<boolean> {
  const root = resolve(rootDir);
  const indexFile = join(root, 'index.html');
  if (!existsSync(indexFile)) return false;
  const index = readFileSync(indexFile);
  const pageHeaders = { ...securityHeaders(WEB_APP_HELMET_OPTIONS), 'cache-control': NEVER_STORE };
  const assets = join(root, 'assets');
  if (existsSync(assets)) {
    // Encapsulated: Swagger UI registers its own @fastify/static (and its reply decorators).
    await fastify.register(async (scope) => {
      await scope.register(fastifyStatic, {
        root: assets,
        prefix: '/assets/',
        // One route per file found at start: a missing asset falls through to the 404 below, not the app.
        wildcard: false,
        index: false,
        cacheControl: false,
        etag: true,
        lastModified: false,
        setHeaders: (res) => void res.header('Cache-Control', IMMUTABLE),
      });
    });
  }
  const sendIndex = (request: FastifyRequest, reply: FastifyReply) => {
    if (NOT_THE_APP.test(request.url) || request.url.startsWith('/assets/')) return reply.callNotFound();
    return reply.headers(pageHeaders).type('text/html; charset=utf-8').send(index);
  };
  fastify.get('/', sendIndex);
  fastify.get('/*', sendIndex);
  return true;
}
