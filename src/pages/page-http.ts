import { join } from 'node:path';
import { RequestMethod } from '@nestjs/common';
import type { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyView from '@fastify/view';
import { Eta } from 'eta';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CommonErrorCode, commonError } from '../common/errors';
import { sendError } from '../common/http/error.filter';

/** The page routes live at /f/…, deliberately outside the API's /api/v1 prefix. */
export const PAGE_ROUTES_OUTSIDE_PREFIX = [
  { path: 'f/_/:asset', method: RequestMethod.GET },
  { path: 'f/:slug', method: RequestMethod.ALL },
  { path: 'f/:slug/follow-up', method: RequestMethod.ALL },
  { path: 'f/:slug/follow-up/thread', method: RequestMethod.POST },
  { path: 'f/:slug/follow-up/reply', method: RequestMethod.POST },
  { path: 'f/:slug/follow-up/leave', method: RequestMethod.POST },
];

export function isPagePath(url: string): boolean {
  return url === '/f' || url.startsWith('/f/');
}

/**
 * The pages' policy: only this origin's own files; no inline script or style; WebAssembly may be
 * compiled (the crypto bundle); forms post only here; never framed. No upgrade-insecure-requests:
 * an onion service is plain HTTP and its form posts must stay so.
 */
export const PAGE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join(';');

/** Registers the eta templates of the pages with @fastify/view (compiled once, cached). */
export async function applyPageViews(app: NestFastifyApplication): Promise<void> {
  await app.register(fastifyView, {
    engine: { eta: new Eta({ autoEscape: true, cache: true }) },
    root: join(__dirname, 'views'),
    production: true,
  });
}

const URLENCODED = 'application/x-www-form-urlencoded';

/**
 * HTML form posts are for the pages only. Nest's Fastify adapter registers its own urlencoded
 * parser (fast-querystring, the same as @fastify/formbody) for every route, so the API would take
 * form bodies too; this hook refuses them before the body is read, with 415 UNSUPPORTED_MEDIA_TYPE,
 * everywhere outside /f/.
 */
export function applyPageOnlyFormBodies(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onRequest', async (request: FastifyRequest, reply) => {
    const type = request.headers['content-type'];
    if (typeof type !== 'string' || type.split(';')[0].trim().toLowerCase() !== URLENCODED) return;
    if (isPagePath(request.url)) return;
    sendError(reply, commonError(CommonErrorCode.UNSUPPORTED_MEDIA_TYPE), request.id, logger);
    return reply;
  });
}
