import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config';
import { AuditCheckpointRepository } from './audit-checkpoint.repository';
import { AuditEntryRepository } from './audit-entry.repository';
import { AuditSealer } from './audit-sealer';
import { AuditSigner } from './audit-signer';
import { AuditVerifier } from './audit-verifier';
import { AuditWitness } from './audit-witness';
import { AuditService } from './audit.service';

/** The audit services wired by hand, for the CLI, the benchmark and tests that run without Nest. */
export function createAuditServices(dataSource: DataSource, config: Pick<AppConfig, 'audit' | 'secrets'>) {
  const entries = new AuditEntryRepository(dataSource);
  const checkpoints = new AuditCheckpointRepository(dataSource);
  const signer = new AuditSigner(config);
  const witness = new AuditWitness(config);
  return {
    entries,
    checkpoints,
    signer,
    audit: new AuditService(dataSource, entries),
    sealer: new AuditSealer(dataSource, entries, checkpoints, signer, witness, config),
    verifier: new AuditVerifier(dataSource, entries, checkpoints, signer),
  };
}
