import { HealthModule } from './health/health.module';
import { KeysModule } from './keys/keys.module';

/**
 * Every feature module, imported by both process roles. Controllers only serve in the API role;
 * processors and scheduled tasks only run where `WorkerHostModule` is imported.
 */
export const FEATURE_MODULES = [HealthModule, KeysModule];
