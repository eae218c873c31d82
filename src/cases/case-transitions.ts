import { Role } from '../access/permissions';
import { CASE_STATUSES, type CaseStatus } from './case-status';

/** The statuses a case is worked in; `on_hold` can be entered from each and returns to it. */
export const OPEN_CASE_STATUSES = [
  'verifying',
  'accepted',
  'planning',
  'in_transit',
  'sheltered',
  'relocated',
] as const satisfies readonly CaseStatus[];
export type OpenCaseStatus = (typeof OPEN_CASE_STATUSES)[number];

/** The target of the row that leaves `on_hold`: whatever status the case was held from. */
export const HELD_FROM = 'held_from' as const;

/** One allowed move of the status machine. */
export interface CaseTransitionRule {
  from: CaseStatus;
  to: CaseStatus | typeof HELD_FROM;
  /** Who may make it (besides holding a chain of key slots to the case). */
  by: readonly Role[];
  reasonRequired: boolean;
  outcomeRequired: boolean;
}

const BOTH = [Role.COORDINATOR, Role.CASEWORKER] as const;
const COORDINATORS = [Role.COORDINATOR] as const;

const rule = (
  from: CaseStatus,
  to: CaseStatus | typeof HELD_FROM,
  by: readonly Role[],
  needs: { reason?: boolean; outcome?: boolean } = {},
): CaseTransitionRule => ({
  from,
  to,
  by,
  reasonRequired: needs.reason ?? false,
  outcomeRequired: needs.outcome ?? false,
});

/**
 * The status machine of an evacuation case, as data (docs/cases.md, "Status machine"). A move not
 * in this table is refused with CASE_TRANSITION_NOT_ALLOWED; tests generate every (from, to) pair
 * from it.
 * - the way to safety, one step at a time: accepting a story is a coordinator's call, the steps
 *   after it are anyone's working the case;
 * - `on_hold` from every open status, with a reason, and back to the status it left;
 * - `rejected` only from `verifying` (the story did not check out), with a reason;
 * - `closed` from every open status with an outcome; before `relocated` a reason too (why it ended
 *   early: lost contact, declined help, …);
 * - `closed` and `rejected` reopen with a reason (a closed case at `accepted`, where the work
 *   resumes; a rejected one back at `verifying`).
 */
export const CASE_TRANSITIONS: readonly CaseTransitionRule[] = Object.freeze([
  rule('verifying', 'accepted', COORDINATORS),
  rule('accepted', 'planning', BOTH),
  rule('planning', 'in_transit', BOTH),
  rule('in_transit', 'sheltered', BOTH),
  rule('sheltered', 'relocated', BOTH),
  ...OPEN_CASE_STATUSES.map((from) => rule(from, 'on_hold', BOTH, { reason: true })),
  rule('on_hold', HELD_FROM, BOTH),
  rule('verifying', 'rejected', COORDINATORS, { reason: true }),
  ...OPEN_CASE_STATUSES.map((from) =>
    rule(from, 'closed', COORDINATORS, { outcome: true, reason: from !== 'relocated' }),
  ),
  rule('closed', 'accepted', COORDINATORS, { reason: true }),
  rule('rejected', 'verifying', COORDINATORS, { reason: true }),
]);

/**
 * The rule for moving a case from `from` to `to`, or null. `heldFrom` is the status an `on_hold`
 * case left (the only status it may return to).
 */
export function transitionRule(
  from: CaseStatus,
  to: CaseStatus,
  heldFrom: CaseStatus | null,
): CaseTransitionRule | null {
  return (
    CASE_TRANSITIONS.find(
      (r) => r.from === from && (r.to === to || (r.to === HELD_FROM && heldFrom !== null && to === heldFrom)),
    ) ?? null
  );
}

/** Whether one of `roles` may make the move of `rule`. */
export function mayMake(rule: CaseTransitionRule, roles: readonly Role[]): boolean {
  return rule.by.some((role) => roles.includes(role));
}

export function isCaseStatus(value: string): value is CaseStatus {
  return (CASE_STATUSES as readonly string[]).includes(value);
}
