import helmet from '@fastify/helmet';
import cors from '@fastify/cors';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '../config';
import { isPagePath, PAGE_CONTENT_SECURITY_POLICY } from '../pages/page-http';

/**
 * The API serves JSON; only the docs page needs scripts and styles of its own. (The same policy
 * helmet built from these directives merged with its defaults, computed once.)
 */
const CSP_DIRECTIVES: Record<string, string[]> = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'font-src': ["'self'", 'https:', 'data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'upgrade-insecure-requests': [],
  'connect-src': ["'self'"],
};

export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(([name, values]) => [name, ...values].join(' '))
  .join(';');

/**
 * Security headers, no caching of API answers, CORS only for configured intake origins, and the
 * request id echoed to the client so that a reporter of a problem can quote it.
 */
export async function applyHttpHardening(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  await app.register(helmet, {
    // Set below as one precomputed header: helmet rebuilds the policy string on every request
    // (≈ 2.5 % of the API's CPU and garbage on every answer, BENCHMARKS.md).
    contentSecurityPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    hsts: { maxAge: 31536000, includeSubDomains: true },
  });
  if (config.http.corsOrigins.length) {
    await app.register(cors, {
      origin: config.http.corsOrigins,
      methods: ['GET', 'POST'],
      allowedHeaders: ['content-type'],
      credentials: false,
      maxAge: 600,
    });
  }
  fastify.addHook('onSend', async (request, reply, payload) => {
    // The hosted page (/f/…) has its own, stricter policy: no inline style, no upgrade (onion).
    reply.header(
      'content-security-policy',
      isPagePath(request.url) ? PAGE_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY,
    );
    reply.header('cache-control', 'no-store');
    reply.header('x-request-id', request.id);
    reply.header('pragma', 'no-cache');
    return payload;
  });
}
