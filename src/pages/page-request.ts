import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { sourceAddressOf } from '../access/source-address';
import type { PageRequest } from './hosted-page.service';

/**
 * A controller parameter: what every hosted-page route passes on — the form's slug, the `?lang=`
 * asked for, the browser's Accept-Language and the caller's rate-limit identity — as one plain
 * value, never the request.
 */
export const PageRequestOf = createParamDecorator((_: unknown, context: ExecutionContext): PageRequest => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  const params = request.params as Record<string, string | undefined>;
  const query = request.query as Record<string, unknown> | undefined;
  const acceptLanguage = request.headers['accept-language'];
  return {
    slug: params.slug ?? '',
    lang: query?.lang,
    acceptLanguage: Array.isArray(acceptLanguage) ? acceptLanguage[0] : acceptLanguage,
    address: sourceAddressOf(request),
  };
});
