/** The roles of docs/api.md ("Conventions"). */
export enum Role {
  ADMIN = 'admin',
  COORDINATOR = 'coordinator',
  TRIAGER = 'triager',
  CASEWORKER = 'caseworker',
  OPERATOR = 'operator',
  ANALYST = 'analyst',
  AUDITOR = 'auditor',
}

/**
 * What a route may require. Routes declare one with `@RequirePermission`; the role → permission
 * table decides who holds it. Reading case content is never granted by a permission alone: it also
 * needs a key slot for that case (see the accounts issue's access helper).
 */
export enum Permission {
  /** Full session of a signed-in user: own account, password change. */
  SESSION_SELF = 'session:self',
  /**
   * Held also by a session restricted to TOTP enrolment (TOTP required, not yet enrolled): only
   * `GET /auth/me`, `POST /auth/logout` and `/auth/totp/*` ask for it.
   */
  SESSION_ENROL = 'session:enrol',
  USERS_MANAGE = 'users:manage',
  FORMS_MANAGE = 'forms:manage',
  LOCKDOWN = 'admin:lockdown',
  REPORTS_SUBMIT_FOR_CALLER = 'reports:submit-for-caller',
  TRIAGE_WORK = 'triage:work',
  CASES_READ = 'cases:read',
  CASES_WRITE = 'cases:write',
  CASES_ASSIGN = 'cases:assign',
  /** Register partner organisations and read their sealed contact details. */
  PARTNERS_MANAGE = 'partners:manage',
  /**
   * Postpone a case's deletion, set or clear a legal hold on a case or a report — of those the
   * caller reaches by a chain of key slots (docs/retention.md).
   */
  RETENTION_HOLD = 'retention:hold',
  STATS_READ = 'stats:read',
  AUDIT_READ = 'audit:read',
}
