import { isIPv4, isIPv6 } from 'node:net';
import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * The caller's network identity for rate limits and throttles — the one place the source address
 * is read. It is only ever hashed by the callers, never stored or logged. IPv6 is cut to its /64
 * prefix, because one subscriber usually holds a whole /64 and could otherwise take a fresh limit
 * per address; IPv4-mapped IPv6 addresses count as their IPv4 address.
 */
export function sourceAddressOf(request: FastifyRequest): string {
  return rateLimitIdentity(request.ip ?? '');
}

/**
 * A controller parameter: the caller's rate-limit identity (`sourceAddressOf`), so that services
 * receive a plain value and never the request.
 */
export const SourceAddress = createParamDecorator((_: unknown, context: ExecutionContext): string =>
  sourceAddressOf(context.switchToHttp().getRequest<FastifyRequest>()),
);

export function rateLimitIdentity(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1];
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return 'unknown';
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

function expandIPv6(address: string): string[] {
  const [head, tail = ''] = address.split('%')[0].split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  const groups = address.includes('::') ? [...left, ...Array<string>(missing).fill('0'), ...right] : left;
  return groups.map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''));
}
