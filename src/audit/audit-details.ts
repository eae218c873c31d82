import { z } from 'zod';
import { AuditAction } from './audit-action';

/*
 * The fixed shape of `details` for every audit action. `AuditService.record` validates against it
 * and throws on anything else (unknown keys, long strings, free text): details hold ids, counts and
 * fixed-choice values, never content, receipts, names, addresses, user agents or passwords.
 * Adding an action to `AuditAction` means adding its shape here (the compiler insists).
 */

/** An id (uuid or similar opaque token). */
const id = z.string().regex(/^[A-Za-z0-9_:.-]{1,128}$/);
/** A fixed-choice value chosen by code (a reason, a channel, a role): short, lower-case, no spaces. */
const code = z.string().regex(/^[a-z0-9][a-z0-9_.:+-]{0,63}$/);
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const list = <T extends z.ZodType<string>>(item: T, max = 100) => z.array(item).max(max);

const none = z.strictObject({});
const holder = z.strictObject({
  holderType: z.enum(['user', 'team', 'recovery', 'reporter']),
  holderId: id.optional(),
  reason: code.optional(),
});

export const AUDIT_DETAILS_SCHEMAS: Record<AuditAction, z.ZodType> = {
  // Sign-in failures never carry the username typed: people type passwords into that field.
  [AuditAction.AUTH_SIGN_IN]: z.strictObject({ totp: z.boolean().optional() }),
  [AuditAction.AUTH_SIGN_IN_FAILED]: z.strictObject({ reason: code }),
  [AuditAction.AUTH_LOCKED_OUT]: z.strictObject({ failures: count.optional(), minutes: count.optional() }),
  [AuditAction.AUTH_SIGN_OUT]: z.strictObject({ reason: code.optional() }),
  [AuditAction.AUTH_TOTP_ENROLLED]: none,
  [AuditAction.AUTH_TOTP_CONFIRMED]: none,
  [AuditAction.AUTH_PASSWORD_CHANGED]: z.strictObject({ sessionsEnded: count.optional() }),
  [AuditAction.USER_CREATED]: z.strictObject({ roles: list(code, 16) }),
  [AuditAction.USER_UPDATED]: z.strictObject({
    roles: list(code, 16).optional(),
    disabled: z.boolean().optional(),
  }),
  [AuditAction.USER_DISABLED]: z.strictObject({ sessionsEnded: count.optional() }),
  [AuditAction.USER_DELETED]: z.strictObject({ keySlotsRemoved: count.optional() }),
  [AuditAction.USER_PASSWORD_RESET]: z.strictObject({ sessionsEnded: count.optional() }),
  [AuditAction.USER_RECOVERED]: z.strictObject({
    keySlotsRestored: count.optional(),
    keySlotsFailed: count.optional(),
  }),
  [AuditAction.ADMIN_LOCKDOWN]: z.strictObject({
    sessionsEnded: count.optional(),
    complete: z.boolean().optional(),
  }),
  [AuditAction.INSTALL_INITIALISED]: none,
  [AuditAction.FORM_CREATED]: z.strictObject({ slug: code, version: count.optional() }),
  [AuditAction.FORM_VERSION_PUBLISHED]: z.strictObject({ slug: code, version: count }),
  [AuditAction.REPORT_SUBMITTED]: z.strictObject({
    channel: code,
    formSlug: code.optional(),
    formVersion: count.optional(),
    clientEncrypted: z.boolean().optional(),
  }),
  // Which items were opened (ids and field keys of the form), and why; never what they said.
  [AuditAction.REPORT_CONTENT_DECRYPTED]: z.strictObject({
    purpose: code,
    caseId: id.optional(),
    items: list(id, 500).optional(),
    fields: list(code, 200).optional(),
  }),
  [AuditAction.REPORTER_SESSION_OPENED]: none,
  [AuditAction.REPORTER_MESSAGE_ADDED]: z.strictObject({ messageId: id.optional() }),
  [AuditAction.REPORT_QUEUED]: z.strictObject({ queue: code.optional(), priority: code.optional() }),
  // The decision and the case or report it names; never the note.
  [AuditAction.TRIAGE_DECIDED]: z.strictObject({
    decision: code,
    caseId: id.optional(),
    duplicateOf: id.optional(),
    note: z.boolean().optional(),
  }),
  // Status moves and what changed, as fixed-list values; never a reason, note or summary.
  [AuditAction.CASE_TRANSITIONED]: z.strictObject({
    from: code,
    to: code,
    outcome: code.optional(),
    reason: z.boolean(),
  }),
  [AuditAction.CASE_UPDATED]: z.strictObject({ fields: list(code, 8) }),
  [AuditAction.CASE_NOTE_ADDED]: z.strictObject({ seq: count }),
  [AuditAction.CASE_MILESTONE_RECORDED]: z.strictObject({ milestone: code }),
  // Which cases were opened and why (a list page names every case it decrypted).
  [AuditAction.CASE_CONTENT_DECRYPTED]: z.strictObject({
    purpose: code,
    cases: list(id, 100).optional(),
    entries: count.optional(),
  }),
  [AuditAction.CASE_ASSIGNMENTS_REMOVED]: z.strictObject({ keySlotsRemoved: count, reason: code }),
  [AuditAction.CASE_REMINDERS_RAISED]: z.strictObject({ verifyingStale: count, stale: count }),
  // Partners: the partner is the target; never its name or contact.
  [AuditAction.PARTNER_REGISTERED]: none,
  [AuditAction.PARTNER_CONTACT_DECRYPTED]: none,
  // Which fields an edit replaced (names only) and, for a new public key, its new key id.
  [AuditAction.PARTNER_UPDATED]: z.strictObject({ fields: list(code, 3), publicKeyId: id.optional() }),
  [AuditAction.PARTNER_RETIRED]: none,
  // Which case went to which partner and the names of the fields shared; never their values or the consent.
  [AuditAction.REFERRAL_CREATED]: z.strictObject({
    caseId: id,
    partnerId: id,
    partnerKeyId: id,
    fields: list(code, 64),
  }),
  [AuditAction.REFERRAL_ACKNOWLEDGED]: z.strictObject({ caseId: id, note: z.boolean() }),
  [AuditAction.REFERRAL_REMINDERS_RAISED]: z.strictObject({ overdue: count }),
  [AuditAction.KEY_SLOT_GRANTED]: holder,
  [AuditAction.KEY_SLOT_REMOVED]: holder,
  [AuditAction.TEAM_KEY_CREATED]: z.strictObject({ team: code, generation: count }),
  [AuditAction.TEAM_KEY_ROTATED]: z.strictObject({
    team: code,
    generation: count,
    previousKeyId: id,
    reason: code,
    memberSlots: count,
  }),
  [AuditAction.TEAM_KEYS_LINKED]: z.strictObject({ team: code, linked: count, by: code }),
  [AuditAction.TEAM_MEMBER_GRANTED]: z.strictObject({ team: code, keyId: id, by: code }),
  [AuditAction.TEAM_MEMBER_REMOVED]: z.strictObject({ team: code, keySlotsRemoved: count, reason: code }),
  [AuditAction.TEAM_BACKFILLED]: z.strictObject({ team: code, keyId: id, added: count, failed: count }),
  [AuditAction.STATS_QUERIED]: z.strictObject({
    subject: code,
    groupBy: list(code, 10),
    // The range of the query, whole months (YYYY-MM): part of the definition, never a figure.
    from: z
      .string()
      .regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/)
      .optional(),
    to: z
      .string()
      .regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/)
      .optional(),
    public: z.boolean().optional(),
    cells: count.optional(),
    suppressed: count.optional(),
    // `dp` for a noised answer (its ε is in the analyst's budget row, not here).
    privacy: code.optional(),
  }),
  [AuditAction.EXPORT_CREATED]: z.strictObject({ kind: code, rows: count.optional() }),
  [AuditAction.RETENTION_DELETED]: z.strictObject({
    reports: count.optional(),
    cases: count.optional(),
    items: count.optional(),
    olderThanDays: count.optional(),
    // Counts per kind of one deletion batch (src/retention): never an id.
    spam: count.optional(),
    no_action: count.optional(),
    duplicate: count.optional(),
    slots: count.optional(),
    keys: count.optional(),
    receipts: count.optional(),
    // Counts per kind of one case deletion batch.
    closed: count.optional(),
    rejected: count.optional(),
    history: count.optional(),
    entries: count.optional(),
    milestones: count.optional(),
    referrals: count.optional(),
  }),
  // Receipts past their policy: lookup rows and reporter slots deleted (counts only).
  [AuditAction.RETENTION_RECEIPTS_EXPIRED]: z.strictObject({ reports: count, receipts: count, slots: count }),
  // What the next `withinDays` days will delete, beyond what is due now (counts only).
  [AuditAction.RETENTION_REMINDERS_RAISED]: z.strictObject({
    cases: count,
    reports: count,
    withinDays: count,
  }),
  // An admin's per-form overrides after the change (target: the form): days per overridden kind.
  [AuditAction.RETENTION_POLICY_CHANGED]: z.strictObject({
    'report.spam': count.optional(),
    'report.no_action': count.optional(),
    'report.duplicate': count.optional(),
    'case.closed': count.optional(),
    'case.rejected': count.optional(),
    'receipt.decided': count.optional(),
  }),
  // A postponement (target: the case): the day only; the reason is sealed to the case key.
  [AuditAction.RETENTION_POSTPONED]: z.strictObject({ until: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
  [AuditAction.RETENTION_LEGAL_HOLD_SET]: none,
  [AuditAction.RETENTION_LEGAL_HOLD_CLEARED]: none,
  [AuditAction.AUDIT_VERIFIED]: z.strictObject({
    ok: z.boolean(),
    entries: count,
    firstBadSeq: count.nullable(),
  }),
};

/** A target's kind (`report`, `case`, `user`, …) and id follow the same rules as details values. */
export const TARGET_TYPE = code;
export const TARGET_ID = id;
export const ACTOR_ID = id;
