import { isProductionStrength } from '../crypto/kdf';
import { AppConfig, envSchema } from './app-config';
import { auditSection } from './sections/audit.section';
import { authSection } from './sections/auth.section';
import { coreSection } from './sections/core.section';
import { cryptoSection } from './sections/crypto.section';
import { intakeLimitsSection } from './sections/intake-limits.section';
import { notificationsSection, refuseSecretsSharedWithChannels } from './sections/notifications.section';
import { secretsSection } from './sections/secrets.section';
import { securitySection } from './sections/security.section';
import { DEV_DATABASE_URL, storageSection } from './sections/storage.section';
import { triageSection } from './sections/triage.section';
import { casesSection } from './sections/cases.section';
import { retentionSection } from './sections/retention.section';
import { statsPrivacySection } from './sections/stats-privacy.section';
import { statsSection } from './sections/stats.section';

/** Thrown when the environment cannot make a safe configuration; lists every problem at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Corridor cannot start with this configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface LoadConfigOptions {
  /**
   * Only for `init`, which exists to create the secrets: production then starts without them (with
   * development placeholders that nothing signs or encrypts with before init writes real ones).
   */
  allowMissingSecrets?: boolean;
}

/** Builds the one typed configuration object from the environment. Called once at start. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadConfigOptions = {}): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    // Name the variable and the rule, never the value: a value may be a secret.
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];
  const core = coreSection.build(e);
  const storage = storageSection.build(e, core.nodeEnv);
  const secrets = secretsSection.build(
    e as unknown as Record<string, string | undefined>,
    core.isProduction && !options.allowMissingSecrets,
    problems,
  );
  if (core.isProduction) {
    if (!storage.database.explicitlySet) problems.push('DATABASE_URL is missing');
    else if (storage.database.url === DEV_DATABASE_URL)
      problems.push('DATABASE_URL is the development default');
    if (!storage.redis.explicitlySet) problems.push('REDIS_URL is missing');
    else if (!new URL(storage.redis.url).password) problems.push('REDIS_URL has no password');
  }
  const intakeLimits = intakeLimitsSection.build(e, problems);
  const notifications = notificationsSection.build(e, core.isProduction, problems);
  refuseSecretsSharedWithChannels(
    notifications.endpoints,
    intakeLimits.channels.secrets.map((c) => c.secret),
    problems,
  );
  const auth = authSection.build(e);
  const statsPrivacy = statsPrivacySection.build(e, problems);
  const stats = statsSection.build(e, problems);
  if (core.isProduction && !isProductionStrength(auth.passwordKdf, 'password')) {
    problems.push(
      'PASSWORD_KDF_OPS / PASSWORD_KDF_MEM_MB are below the production floor of Argon2id (t≥2, m≥19 MiB)',
    );
  }
  if (problems.length) throw new ConfigError(problems);
  return Object.freeze({
    ...core,
    ...storage,
    ...secrets,
    security: securitySection.build(e),
    intakeLimits,
    auth,
    audit: auditSection.build(e),
    crypto: cryptoSection.build(e),
    notifications,
    triage: triageSection.build(e),
    cases: casesSection.build(e),
    retention: retentionSection.build(e),
    statsPrivacy,
    stats,
  }) as AppConfig;
}

/** The configuration as it may be logged: secrets and passwords replaced. */
export function describeConfig(config: AppConfig): Record<string, unknown> {
  const withoutPassword = (url: string) => {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  };
  return {
    nodeEnv: config.nodeEnv,
    http: config.http,
    database: { ...config.database, url: withoutPassword(config.database.url) },
    redis: { ...config.redis, url: withoutPassword(config.redis.url) },
    secrets: Object.fromEntries(Object.keys(config.secrets).map((k) => [k, '[sensitive]'])),
    developmentSecrets: config.developmentSecrets,
    security: config.security,
    auth: config.auth,
    audit: { ...config.audit, witnessUrl: config.audit.witnessUrl ? '[set]' : null },
    crypto: config.crypto,
    stats: {
      ...config.stats,
      databaseUrl: config.stats.databaseUrl ? withoutPassword(config.stats.databaseUrl) : null,
    },
    // Who is notified is sensitive too: only how many endpoints there are.
    notifications: { ...config.notifications, endpoints: config.notifications.endpoints.length },
    intakeLimits: {
      ...config.intakeLimits,
      channels: {
        ...config.intakeLimits.channels,
        secrets: config.intakeLimits.channels.secrets.map((c) => c.name),
      },
    },
  };
}
