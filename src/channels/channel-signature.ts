import { createHmac, timingSafeEqual } from 'node:crypto';

/** The headers of a signed channel request. */
export const CHANNEL_HEADER = 'x-corridor-channel';
export const TIMESTAMP_HEADER = 'x-corridor-timestamp';
export const SIGNATURE_HEADER = 'x-corridor-signature';

export const SIGNATURE_FORMAT = /^v1=[0-9a-f]{64}$/;
export const TIMESTAMP_FORMAT = /^[0-9]{1,12}$/;

/**
 * `v1=` + hex HMAC-SHA256(secret, timestamp + "." + body), over the exact bytes of the body. The
 * timestamp is Unix seconds as sent in the timestamp header. This is what a channel bot computes.
 */
export function signChannelRequest(secret: Uint8Array, timestamp: string, body: Uint8Array | string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
  return `v1=${mac}`;
}

/** Constant-time comparison of a received signature header with the expected one. */
export function signatureMatches(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'ascii');
  const b = Buffer.from(received, 'ascii');
  return a.length === b.length && timingSafeEqual(a, b);
}
