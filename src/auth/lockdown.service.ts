import { Injectable } from '@nestjs/common';
import { AuditAction } from '../audit/audit-action';
import { AuditActor } from '../audit/audit-event';
import { AuditService } from '../audit/audit.service';
import { SessionStore } from './session/session-store';

/** Ends every session at once (a device seized, a suspected breach): HTTP and CLI alike. */
@Injectable()
export class LockdownService {
  constructor(
    private readonly sessions: SessionStore,
    private readonly audit: AuditService,
  ) {}

  async lockdown(actor: AuditActor): Promise<number> {
    const sessionsEnded = await this.sessions.endAll();
    await this.audit.recordAlone({ actor, action: AuditAction.ADMIN_LOCKDOWN, details: { sessionsEnded } });
    return sessionsEnded;
  }
}
