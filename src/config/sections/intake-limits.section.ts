import { z } from 'zod';
import { booleanFlag, integer } from '../env-parsers';

/** One signed channel: its name (what it is recorded as), its kind and its HMAC secret. */
export interface ChannelSecret {
  name: string;
  kind: ChannelKind;
  secret: Uint8Array;
}

/** The report channels a signed request may claim (`web` and `phone` never sign). */
export type ChannelKind = 'api' | 'bot' | 'partner';
const CHANNEL_KINDS: readonly ChannelKind[] = ['api', 'bot', 'partner'];
const CHANNEL_NAME = /^[a-z][a-z0-9-]{0,31}$/;
const MIN_CHANNEL_SECRET_BYTES = 32;

/**
 * Abuse limits of the public intake, proof-of-work, signed channels and the outbox relay. Every
 * default is safe for production; limits of 0 switch that limit off.
 */
const intakeLimitsSchema = z.object({
  INTAKE_RATE_PER_MINUTE_PER_ADDRESS: integer(0, 1_000_000).default(10),
  INTAKE_RATE_PER_MINUTE_PER_ADDRESS_ALL_FORMS: integer(0, 1_000_000).default(30),
  INTAKE_RATE_PER_MINUTE_GLOBAL: integer(0, 10_000_000).default(0),
  REPORTER_SESSION_RATE_PER_MINUTE_PER_ADDRESS: integer(0, 1_000_000).default(5),
  /** Every answer of the receipt sign-in takes at least this long (one slow generic failure). */
  REPORTER_SESSION_MIN_RESPONSE_MS: integer(0, 10_000).default(800),
  REPORTER_MESSAGES_PER_HOUR: integer(0, 1_000_000).default(20),
  REPORTER_MAX_MESSAGES_PER_REPORT: integer(0, 1_000_000).default(200),
  POW_ENABLED: booleanFlag.default(false),
  INTAKE_ACCEPT_TRIAGER_SLOTS: booleanFlag.default(true),
  POW_DIFFICULTY_BITS: integer(1, 32).default(18),
  POW_CHALLENGE_TTL_SECONDS: integer(10, 3600).default(600),
  INTAKE_MAX_FIELD_BYTES: integer(64, 1024 * 1024).default(64 * 1024),
  INTAKE_MAX_JSON_DEPTH: integer(2, 64).default(8),
  CHANNEL_SECRETS: z.string().default(''),
  CHANNEL_REPLAY_WINDOW_SECONDS: integer(10, 3600).default(300),
  OUTBOX_RELAY_BATCH: integer(1, 1000).default(100),
  OUTBOX_POLL_MS: integer(10, 60_000).default(100),
  OUTBOX_RECONCILE_EVERY_SECONDS: integer(1, 86_400).default(60),
  OUTBOX_RECONCILE_AFTER_SECONDS: integer(1, 86_400).default(120),
});

export const intakeLimitsSection = {
  schema: intakeLimitsSchema,
  build(env: z.infer<typeof intakeLimitsSchema>, problems: string[]) {
    return {
      rateLimits: {
        perAddressPerForm: env.INTAKE_RATE_PER_MINUTE_PER_ADDRESS,
        perAddressAllForms: env.INTAKE_RATE_PER_MINUTE_PER_ADDRESS_ALL_FORMS,
        global: env.INTAKE_RATE_PER_MINUTE_GLOBAL,
        reporterSessionPerAddress: env.REPORTER_SESSION_RATE_PER_MINUTE_PER_ADDRESS,
      },
      reporterSessionMinResponseMs: env.REPORTER_SESSION_MIN_RESPONSE_MS,
      /** A reporter session's messages to one report: per UTC hour, and in all (0 = no limit). */
      reporterMessages: {
        perHour: env.REPORTER_MESSAGES_PER_HOUR,
        maxPerReport: env.REPORTER_MAX_MESSAGES_PER_REPORT,
      },
      proofOfWork: {
        enabled: env.POW_ENABLED,
        difficultyBits: env.POW_DIFFICULTY_BITS,
        challengeTtlSeconds: env.POW_CHALLENGE_TTL_SECONDS,
      },
      /** Rollover window of the triage team key: accept sealed reports with one slot per triager. */
      acceptTriagerSlots: env.INTAKE_ACCEPT_TRIAGER_SLOTS,
      sizeLimits: { maxFieldBytes: env.INTAKE_MAX_FIELD_BYTES, maxJsonDepth: env.INTAKE_MAX_JSON_DEPTH },
      channels: {
        secrets: parseChannelSecrets(env.CHANNEL_SECRETS, problems),
        replayWindowSeconds: env.CHANNEL_REPLAY_WINDOW_SECONDS,
      },
      outbox: {
        relayBatch: env.OUTBOX_RELAY_BATCH,
        pollMs: env.OUTBOX_POLL_MS,
        reconcileEveryMs: env.OUTBOX_RECONCILE_EVERY_SECONDS * 1000,
        reconcileAfterSeconds: env.OUTBOX_RECONCILE_AFTER_SECONDS,
      },
    };
  },
};

export type IntakeLimitsConfig = ReturnType<typeof intakeLimitsSection.build>;

/**
 * `CHANNEL_SECRETS=name:secret,name2:kind:secret` (secret base64url, at least 32 bytes; kind one of
 * api, bot, partner, default api). Problems name the entry's position, never its value.
 */
export function parseChannelSecrets(raw: string, problems: string[]): ChannelSecret[] {
  const out: ChannelSecret[] = [];
  const entries = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  entries.forEach((entry, index) => {
    const parts = entry.split(':');
    const [name, kind, secret] = parts.length === 2 ? [parts[0], 'api', parts[1]] : parts;
    const where = `CHANNEL_SECRETS entry ${index + 1}`;
    if (parts.length < 2 || parts.length > 3 || !CHANNEL_NAME.test(name ?? '')) {
      problems.push(`${where} must be name:secret or name:kind:secret with a lower-case name`);
      return;
    }
    if (!CHANNEL_KINDS.includes(kind as ChannelKind)) {
      problems.push(`${where} has an unknown kind (use ${CHANNEL_KINDS.join(', ')})`);
      return;
    }
    const bytes = /^[A-Za-z0-9_-]+$/.test(secret ?? '') ? Buffer.from(secret, 'base64url') : Buffer.alloc(0);
    if (bytes.length < MIN_CHANNEL_SECRET_BYTES) {
      problems.push(`${where} needs a base64url secret of at least ${MIN_CHANNEL_SECRET_BYTES} bytes`);
      return;
    }
    if (out.some((c) => c.name === name)) {
      problems.push(`${where} repeats a channel name`);
      return;
    }
    out.push({ name, kind: kind as ChannelKind, secret: new Uint8Array(bytes) });
  });
  return out;
}
