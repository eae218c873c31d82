import { AuditAction } from './audit-action';

/** Who did it: a signed-in user, the system, a reporter (by report id), intake, or a named rule. */
export type AuditActor =
  | { type: 'user'; id: string }
  | { type: 'system' }
  | { type: 'reporter'; id: string }
  | { type: 'intake' }
  | { type: 'rule'; id: string };

/** Non-sensitive details: ids, counts, fixed-choice values. Never content, receipts, addresses or passwords. */
export type AuditDetails = Record<string, string | number | boolean | null | string[]>;

/** One thing that happened, as handed to `AuditService.record(manager, event)`. */
export interface AuditEvent {
  actor: AuditActor;
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  details?: AuditDetails;
}
