import { defineErrors } from '../common/errors';

export enum AuditErrorCode {
  /** A coding error: an event whose details do not fit its action's shape. Never a client's fault. */
  AUDIT_EVENT_INVALID = 'AUDIT_EVENT_INVALID',
  /** A coding error: `record` called outside a transaction, so the entry could commit apart from its action. */
  AUDIT_NOT_IN_TRANSACTION = 'AUDIT_NOT_IN_TRANSACTION',
}

export const auditError = defineErrors<AuditErrorCode>({
  AUDIT_EVENT_INVALID: { status: 500, message: 'An internal error occurred.' },
  AUDIT_NOT_IN_TRANSACTION: { status: 500, message: 'An internal error occurred.' },
});
