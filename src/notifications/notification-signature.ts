import {
  signChannelRequest,
  signatureMatches,
  SIGNATURE_FORMAT,
  TIMESTAMP_FORMAT,
} from '../channels/channel-signature';

/**
 * The signature of a webhook notification: the same construction as a signed channel request
 * (`v1=` + hex HMAC-SHA256(secret, timestamp + "." + body), timestamp in Unix seconds, over the
 * exact bytes of the body), so one implementation serves both directions. The key is the
 * base64url-decoded secret of the endpoint's `NOTIFY_WEBHOOKS` entry.
 */
export const NOTIFY_TIMESTAMP_HEADER = 'x-corridor-timestamp';
export const NOTIFY_SIGNATURE_HEADER = 'x-corridor-signature';

/** How far a receiver should let a timestamp be from its own clock (SECURITY.md, "Notifications"). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function signNotification(secret: Uint8Array, timestamp: string, body: string): string {
  return signChannelRequest(secret, timestamp, body);
}

export type NotificationVerdict = 'valid' | 'malformed' | 'bad_signature' | 'stale';

export interface ReceivedNotification {
  /** The raw value of `X-Corridor-Timestamp`. */
  timestamp: string | undefined;
  /** The raw value of `X-Corridor-Signature`. */
  signature: string | undefined;
  /** The exact body bytes received, before any JSON parsing. */
  body: string | Uint8Array;
}

/**
 * The receiver's check, as SECURITY.md describes it: well-formed headers, a constant-time match of
 * the signature, then a timestamp within `toleranceSeconds` of the receiver's clock (a captured
 * delivery replayed later is stale). Only a `valid` delivery may be believed.
 */
export function verifyNotification(
  secret: Uint8Array,
  received: ReceivedNotification,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): NotificationVerdict {
  const { timestamp, signature, body } = received;
  if (!timestamp || !signature || !TIMESTAMP_FORMAT.test(timestamp) || !SIGNATURE_FORMAT.test(signature))
    return 'malformed';
  if (!signatureMatches(signChannelRequest(secret, timestamp, body), signature)) return 'bad_signature';
  return Math.abs(nowSeconds - Number(timestamp)) <= toleranceSeconds ? 'valid' : 'stale';
}
