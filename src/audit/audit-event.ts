import { AuditAction } from './audit-action';

/** Who did it: a signed-in user, the system, a reporter (never by report id), intake, or a named rule. */
export type AuditActor =
  | { type: 'user'; id: string }
  | { type: 'system' }
  /**
   * A reporter acting through their receipt. Never with an id: the audit log keeps exact times for
   * ever, and a report id there would tie a reporter's visits and messages to the second.
   */
  | { type: 'reporter' }
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
