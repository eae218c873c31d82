import { join } from 'node:path';
import { RequestMethod } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyView from '@fastify/view';
import { Eta } from 'eta';

/** The page routes live at /f/…, deliberately outside the API's /api/v1 prefix. */
export const PAGE_ROUTES_OUTSIDE_PREFIX = [
  { path: 'f/_/:asset', method: RequestMethod.GET },
  { path: 'f/:slug', method: RequestMethod.ALL },
  { path: 'f/:slug/follow-up', method: RequestMethod.ALL },
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
