import { defineErrors } from '../common/errors';

/** Triage's own failures; each leaves everything as it was. */
export enum TriageErrorCode {
  /** The caller already holds TRIAGE_MAX_LEASES leases: decide or release one first. */
  TRIAGE_LEASE_LIMIT = 'TRIAGE_LEASE_LIMIT',
  /** Renew, release or decide without holding the report's lease (never held, expired, another's). */
  TRIAGE_LEASE_NOT_HELD = 'TRIAGE_LEASE_NOT_HELD',
  /** The report has its triage decision already. */
  TRIAGE_ALREADY_DECIDED = 'TRIAGE_ALREADY_DECIDED',
  /** The case to attach to (or mark a duplicate of) is unknown or not readable by the caller. */
  TRIAGE_CASE_NOT_FOUND = 'TRIAGE_CASE_NOT_FOUND',
  /** The report named as the original of a duplicate is unknown or not readable by the caller. */
  TRIAGE_REPORT_NOT_FOUND = 'TRIAGE_REPORT_NOT_FOUND',
  /**
   * The triager's keys do not reach the report at the head of the queue although they are not a
   * pending team member (a report sealed before they joined, to the triagers of that time). A
   * pending member gets the teams feature's TEAM_MEMBERSHIP_PENDING instead.
   */
  TRIAGE_REPORT_UNREADABLE = 'TRIAGE_REPORT_UNREADABLE',
  /** A report or case id that is not a UUID. */
  TRIAGE_INVALID_ID = 'TRIAGE_INVALID_ID',
  /** The decision body does not fit its schema (a missing caseId for attach_to_case, …). */
  TRIAGE_INVALID_DECISION = 'TRIAGE_INVALID_DECISION',
}

export const triageError = defineErrors<TriageErrorCode>({
  TRIAGE_LEASE_LIMIT: {
    status: 409,
    message: 'You hold as many reports as you may; decide or release one first.',
  },
  TRIAGE_LEASE_NOT_HELD: { status: 409, message: 'You do not hold the lease of this report.' },
  TRIAGE_ALREADY_DECIDED: { status: 409, message: 'This report has been decided already.' },
  TRIAGE_CASE_NOT_FOUND: { status: 404, message: 'No such case.' },
  TRIAGE_REPORT_NOT_FOUND: { status: 404, message: 'No such report.' },
  TRIAGE_REPORT_UNREADABLE: {
    status: 403,
    message: 'Your keys do not open the next report; ask a team member or an administrator.',
  },
  TRIAGE_INVALID_ID: { status: 400, message: 'The id is not valid.' },
  TRIAGE_INVALID_DECISION: { status: 400, message: 'The decision is not valid.' },
});
