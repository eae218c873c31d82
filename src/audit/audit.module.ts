import { Module } from '@nestjs/common';
import { AuditCheckpointRepository } from './audit-checkpoint.repository';
import { AuditEntryRepository } from './audit-entry.repository';
import { AuditLogService } from './audit-log.service';
import { AuditSealLoop } from './audit-seal-loop';
import { AuditSealer } from './audit-sealer';
import { AuditSigner } from './audit-signer';
import { AuditVerifier } from './audit-verifier';
import { AuditWitness } from './audit-witness';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/** The tamper-evident audit log: every feature that audits imports it and records through `AuditService`. */
@Module({
  controllers: [AuditController],
  providers: [
    AuditService,
    AuditEntryRepository,
    AuditCheckpointRepository,
    AuditSigner,
    AuditWitness,
    AuditSealer,
    AuditSealLoop,
    AuditVerifier,
    AuditLogService,
  ],
  exports: [AuditService, AuditSealer, AuditVerifier],
})
export class AuditModule {}
