import { ExecutionContext, RawBodyRequest, createParamDecorator } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { CHANNEL_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './channel-signature';

/** What a channel signature is checked over: its three headers and the exact bytes received. */
export interface SignedRequestParts {
  /** Whether any of the signature headers is present at all (absent: the web form). */
  present: boolean;
  channelName: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: Buffer;
}

export function signedRequestOf(request: FastifyRequest): SignedRequestParts {
  const header = (name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  return {
    present: [CHANNEL_HEADER, TIMESTAMP_HEADER, SIGNATURE_HEADER].some(
      (h) => request.headers[h] !== undefined,
    ),
    channelName: header(CHANNEL_HEADER),
    timestamp: header(TIMESTAMP_HEADER),
    signature: header(SIGNATURE_HEADER),
    rawBody: (request as RawBodyRequest<FastifyRequest>).rawBody ?? Buffer.alloc(0),
  };
}

/** A controller parameter: the request's signature parts (ChannelVerifier checks them). */
export const SignedRequest = createParamDecorator(
  (_: unknown, context: ExecutionContext): SignedRequestParts =>
    signedRequestOf(context.switchToHttp().getRequest<FastifyRequest>()),
);
