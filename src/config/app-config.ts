import { z } from 'zod';
import { coreSection } from './sections/core.section';
import { secretsSection } from './sections/secrets.section';
import { storageSection } from './sections/storage.section';
import { securitySection } from './sections/security.section';

/** Every environment variable Corridor reads, checked in one pass. */
export const envSchema = coreSection.schema
  .extend(storageSection.schema.shape)
  .extend(secretsSection.schema.shape)
  .extend(securitySection.schema.shape);

export type AppConfig = ReturnType<typeof coreSection.build> &
  ReturnType<typeof storageSection.build> &
  ReturnType<typeof secretsSection.build> & { security: ReturnType<typeof securitySection.build> };

export type EnvInput = z.input<typeof envSchema>;
