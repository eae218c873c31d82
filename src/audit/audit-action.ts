/**
 * Everything the audit log records. Values are stable strings stored in the log: never rename one,
 * add a new one. Each action has a fixed details shape in `audit-details.ts`.
 */
export enum AuditAction {
  // accounts
  AUTH_SIGN_IN = 'auth.sign_in',
  AUTH_SIGN_IN_FAILED = 'auth.sign_in_failed',
  AUTH_LOCKED_OUT = 'auth.locked_out',
  AUTH_SIGN_OUT = 'auth.sign_out',
  AUTH_TOTP_ENROLLED = 'auth.totp_enrolled',
  AUTH_TOTP_CONFIRMED = 'auth.totp_confirmed',
  AUTH_PASSWORD_CHANGED = 'auth.password_changed',
  USER_CREATED = 'user.created',
  USER_UPDATED = 'user.updated',
  USER_DISABLED = 'user.disabled',
  USER_DELETED = 'user.deleted',
  USER_PASSWORD_RESET = 'user.password_reset',
  USER_RECOVERED = 'user.recovered',
  ADMIN_LOCKDOWN = 'admin.lockdown',
  INSTALL_INITIALISED = 'install.initialised',
  // forms and intake
  FORM_CREATED = 'form.created',
  FORM_VERSION_PUBLISHED = 'form.version_published',
  REPORT_SUBMITTED = 'report.submitted',
  REPORT_CONTENT_DECRYPTED = 'report.content_decrypted',
  REPORTER_SESSION_OPENED = 'reporter.session_opened',
  REPORTER_MESSAGE_ADDED = 'reporter.message_added',
  REPORT_QUEUED = 'report.queued',
  // triage and cases
  TRIAGE_DECIDED = 'triage.decided',
  CASE_TRANSITIONED = 'case.transitioned',
  CASE_UPDATED = 'case.updated',
  CASE_NOTE_ADDED = 'case.note_added',
  CASE_MILESTONE_RECORDED = 'case.milestone_recorded',
  CASE_CONTENT_DECRYPTED = 'case.content_decrypted',
  CASE_ASSIGNMENTS_REMOVED = 'case.assignments_removed',
  CASE_REMINDERS_RAISED = 'case.reminders_raised',
  // partners and referrals
  PARTNER_REGISTERED = 'partner.registered',
  PARTNER_CONTACT_DECRYPTED = 'partner.contact_decrypted',
  PARTNER_UPDATED = 'partner.updated',
  PARTNER_RETIRED = 'partner.retired',
  REFERRAL_CREATED = 'referral.created',
  REFERRAL_ACKNOWLEDGED = 'referral.acknowledged',
  REFERRAL_REMINDERS_RAISED = 'referral.reminders_raised',
  // access to case keys
  KEY_SLOT_GRANTED = 'key_slot.granted',
  KEY_SLOT_REMOVED = 'key_slot.removed',
  // team keys
  TEAM_KEY_CREATED = 'team.key_created',
  TEAM_KEY_ROTATED = 'team.key_rotated',
  TEAM_KEYS_LINKED = 'team.keys_linked',
  TEAM_MEMBER_GRANTED = 'team.member_granted',
  TEAM_MEMBER_REMOVED = 'team.member_removed',
  TEAM_BACKFILLED = 'team.backfilled',
  // statistics, exports, retention
  STATS_QUERIED = 'stats.queried',
  EXPORT_CREATED = 'export.created',
  RETENTION_DELETED = 'retention.deleted',
  RETENTION_RECEIPTS_EXPIRED = 'retention.receipts_expired',
  RETENTION_REMINDERS_RAISED = 'retention.reminders_raised',
  RETENTION_POLICY_CHANGED = 'retention.policy_changed',
  RETENTION_POSTPONED = 'retention.postponed',
  RETENTION_LEGAL_HOLD_SET = 'retention.legal_hold_set',
  RETENTION_LEGAL_HOLD_CLEARED = 'retention.legal_hold_cleared',
  // the audit log itself
  AUDIT_VERIFIED = 'audit.verified',
}
