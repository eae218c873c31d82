import { Injectable } from '@nestjs/common';
import { AuditAction } from '../audit/audit-action';
import { AuditActor } from '../audit/audit-event';
import { AuditService } from '../audit/audit.service';
import { SessionStore } from '../sessions/session-store';

/** Ends every session at once (a device seized, a suspected breach): HTTP and CLI alike. */
@Injectable()
export class LockdownService {
  constructor(
    private readonly sessions: SessionStore,
    private readonly audit: AuditService,
  ) {}

  /**
   * Audited even when ending the sessions fails part-way (Redis gone mid-scan): the entry then says
   * it did not complete, and the error still reaches the caller, who should run it again.
   */
  async lockdown(actor: AuditActor): Promise<number> {
    let sessionsEnded: number | undefined;
    try {
      sessionsEnded = await this.sessions.endAll();
      return sessionsEnded;
    } finally {
      await this.audit.recordAlone({
        actor,
        action: AuditAction.ADMIN_LOCKDOWN,
        details: sessionsEnded === undefined ? { complete: false } : { sessionsEnded },
      });
    }
  }
}
