import { Permission, Role } from './permissions';

const EVERY_SIGNED_IN_USER = [Permission.SESSION_SELF, Permission.SESSION_ENROL];

/**
 * The role → permission table. Kept as typed data in code rather than in a database table on
 * purpose: a change of who may do what goes through review and the authorisation-matrix tests,
 * and a write to the database (an injection, a stolen DB credential) cannot grant a permission.
 * Reading case content needs a key slot on top of any permission (see CaseAccessService), so the
 * admin, who manages accounts and forms, holds no case permission at all.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = Object.freeze({
  [Role.ADMIN]: [
    ...EVERY_SIGNED_IN_USER,
    Permission.USERS_MANAGE,
    Permission.FORMS_MANAGE,
    Permission.LOCKDOWN,
  ],
  [Role.COORDINATOR]: [
    ...EVERY_SIGNED_IN_USER,
    Permission.CASES_READ,
    Permission.CASES_WRITE,
    Permission.CASES_ASSIGN,
    Permission.PARTNERS_MANAGE,
    Permission.RETENTION_HOLD,
  ],
  [Role.CASEWORKER]: [...EVERY_SIGNED_IN_USER, Permission.CASES_READ, Permission.CASES_WRITE],
  // Triagers hold decided reports (through the triage team key): they may put one under a legal hold.
  [Role.TRIAGER]: [...EVERY_SIGNED_IN_USER, Permission.TRIAGE_WORK, Permission.RETENTION_HOLD],
  [Role.OPERATOR]: [...EVERY_SIGNED_IN_USER, Permission.REPORTS_SUBMIT_FOR_CALLER],
  [Role.ANALYST]: [...EVERY_SIGNED_IN_USER, Permission.STATS_READ],
  [Role.AUDITOR]: [...EVERY_SIGNED_IN_USER, Permission.AUDIT_READ],
});

/** What a session restricted to TOTP enrolment may do, whatever the user's roles. */
export const ENROLMENT_ONLY_PERMISSIONS: ReadonlySet<Permission> = new Set([Permission.SESSION_ENROL]);

/** The union of the permissions of `roles`. */
export function permissionsFor(roles: readonly Role[]): ReadonlySet<Permission> {
  return new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role] ?? []));
}
