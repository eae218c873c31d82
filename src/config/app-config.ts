import { z } from 'zod';
import { auditSection } from './sections/audit.section';
import { authSection } from './sections/auth.section';
import { coreSection } from './sections/core.section';
import { cryptoSection } from './sections/crypto.section';
import { intakeLimitsSection } from './sections/intake-limits.section';
import { notificationsSection } from './sections/notifications.section';
import { secretsSection } from './sections/secrets.section';
import { storageSection } from './sections/storage.section';
import { securitySection } from './sections/security.section';
import { triageSection } from './sections/triage.section';
import { casesSection } from './sections/cases.section';
import { retentionSection } from './sections/retention.section';
import { statsPrivacySection } from './sections/stats-privacy.section';
import { statsSection } from './sections/stats.section';

/** Every environment variable Corridor reads, checked in one pass. */
export const envSchema = coreSection.schema
  .extend(storageSection.schema.shape)
  .extend(secretsSection.schema.shape)
  .extend(securitySection.schema.shape)
  .extend(intakeLimitsSection.schema.shape)
  .extend(authSection.schema.shape)
  .extend(auditSection.schema.shape)
  .extend(cryptoSection.schema.shape)
  .extend(notificationsSection.schema.shape)
  .extend(triageSection.schema.shape)
  .extend(casesSection.schema.shape)
  .extend(retentionSection.schema.shape)
  .extend(statsPrivacySection.schema.shape)
  .extend(statsSection.schema.shape);

export type AppConfig = ReturnType<typeof coreSection.build> &
  ReturnType<typeof storageSection.build> &
  ReturnType<typeof secretsSection.build> & { security: ReturnType<typeof securitySection.build> } & {
    intakeLimits: ReturnType<typeof intakeLimitsSection.build>;
  } & { auth: ReturnType<typeof authSection.build> } & { audit: ReturnType<typeof auditSection.build> } & {
    crypto: ReturnType<typeof cryptoSection.build>;
    notifications: ReturnType<typeof notificationsSection.build>;
  } & { triage: ReturnType<typeof triageSection.build> } & {
    cases: ReturnType<typeof casesSection.build>;
  } & {
    retention: ReturnType<typeof retentionSection.build>;
  } & {
    statsPrivacy: ReturnType<typeof statsPrivacySection.build>;
    stats: ReturnType<typeof statsSection.build>;
  };

export type EnvInput = z.input<typeof envSchema>;
