import helmet from '@fastify/helmet';
import cors from '@fastify/cors';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '../config';

/**
 * Security headers, no caching of API answers, CORS only for configured intake origins, and the
 * request id echoed to the client so that a reporter of a problem can quote it.
 */
export async function applyHttpHardening(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  await app.register(helmet, {
    // The API serves JSON; only the docs page needs scripts and styles of its own.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
      },
    },
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
    reply.header('cache-control', 'no-store');
    reply.header('x-request-id', request.id);
    reply.header('pragma', 'no-cache');
    return payload;
  });
}
