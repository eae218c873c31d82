import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { integer } from '../env-parsers';

/** One webhook receiver of content-free notifications. */
export interface NotificationEndpoint {
  /**
   * A stable, content-free name of the endpoint (a UUID-shaped HMAC of a fixed label under its
   * secret): what job payloads and deduplication keys in Redis carry instead of the URL.
   */
  id: string;
  url: string;
  secret: Uint8Array;
}

const MIN_SECRET_BYTES = 32;
const MAX_ENDPOINTS = 10;
const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;
const LOOPBACK_HOSTS = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Webhook notifications (`src/notifications`). `NOTIFY_WEBHOOKS` is secret-bearing: the URLs say
 * who is told, the secrets sign what is sent. Neither is ever logged, put in Redis or in a message.
 */
const notificationsSchema = z.object({
  NOTIFY_WEBHOOKS: z.string().default(''),
  NOTIFY_DEBOUNCE_SECONDS: integer(1, 86_400).default(60),
  /** Below BullMQ's 30 s job lock, so a hanging receiver never makes a job look stalled. */
  NOTIFY_TIMEOUT_MS: integer(100, 25_000).default(5000),
  NOTIFY_ATTEMPTS: integer(1, 20).default(6),
  NOTIFY_BACKOFF_MS: integer(10, 3_600_000).default(2000),
});

export const notificationsSection = {
  schema: notificationsSchema,
  build(env: z.infer<typeof notificationsSchema>, isProduction: boolean, problems: string[]) {
    return {
      endpoints: parseNotificationWebhooks(env.NOTIFY_WEBHOOKS, isProduction, problems),
      debounceMs: env.NOTIFY_DEBOUNCE_SECONDS * 1000,
      timeoutMs: env.NOTIFY_TIMEOUT_MS,
      attempts: env.NOTIFY_ATTEMPTS,
      backoffMs: env.NOTIFY_BACKOFF_MS,
    };
  },
};

export type NotificationsConfig = ReturnType<typeof notificationsSection.build>;

/**
 * `NOTIFY_WEBHOOKS=<url>|<secret>[,<url>|<secret>…]`: an http(s) URL without credentials (a comma
 * or `|` in it percent-encoded), then a base64url secret of at least 32 bytes. Production accepts
 * `http://` only for a loopback host (a local relay); anything else must be `https://`. Problems
 * name the entry's position, never its value.
 */
export function parseNotificationWebhooks(
  raw: string,
  isProduction: boolean,
  problems: string[],
): NotificationEndpoint[] {
  const out: NotificationEndpoint[] = [];
  const entries = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length > MAX_ENDPOINTS) {
    problems.push(`NOTIFY_WEBHOOKS has more than ${MAX_ENDPOINTS} entries`);
    return out;
  }
  entries.forEach((entry, index) => {
    const where = `NOTIFY_WEBHOOKS entry ${index + 1}`;
    const bar = entry.lastIndexOf('|');
    const url = bar > 0 ? parseUrl(entry.slice(0, bar)) : null;
    if (!url) {
      problems.push(`${where} must be <http(s) URL>|<secret>`);
      return;
    }
    if (url.username || url.password) {
      problems.push(`${where} has credentials in its URL (authenticate with the secret instead)`);
      return;
    }
    if (isProduction && url.protocol === 'http:' && !LOOPBACK_HOSTS.test(url.hostname)) {
      problems.push(`${where} must use https:// in production (http:// only to a loopback relay)`);
      return;
    }
    const secretText = entry.slice(bar + 1);
    const secret = BASE64URL.test(secretText) ? Buffer.from(secretText, 'base64url') : Buffer.alloc(0);
    if (secret.length < MIN_SECRET_BYTES) {
      problems.push(`${where} needs a base64url secret of at least ${MIN_SECRET_BYTES} bytes`);
      return;
    }
    const id = endpointId(secret);
    if (out.some((e) => e.id === id)) {
      problems.push(`${where} repeats another entry's secret (each endpoint needs its own)`);
      return;
    }
    out.push({ id, url: url.toString(), secret: new Uint8Array(secret) });
  });
  return out;
}

function parseUrl(text: string): URL | null {
  if (!URL.canParse(text)) return null;
  const url = new URL(text);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
}

/** UUID-shaped, from the secret alone: stable when entries are reordered, and reveals nothing. */
function endpointId(secret: Uint8Array): string {
  const h = createHmac('sha256', secret).update('corridor:notify:endpoint-id').digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * A webhook secret that is also a channel secret would let a captured notification pass as a
 * signed channel request (both sign `timestamp.body`): refused, naming positions only.
 */
export function refuseSecretsSharedWithChannels(
  endpoints: readonly NotificationEndpoint[],
  channelSecrets: readonly Uint8Array[],
  problems: string[],
): void {
  endpoints.forEach((endpoint, index) => {
    if (channelSecrets.some((s) => Buffer.from(s).equals(Buffer.from(endpoint.secret))))
      problems.push(`NOTIFY_WEBHOOKS entry ${index + 1} reuses a CHANNEL_SECRETS secret`);
  });
}
