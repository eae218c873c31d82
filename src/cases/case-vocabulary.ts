/**
 * The fixed lists of a case that are kept as plain columns for statistics (see docs/design.md,
 * "Evacuation cases"). Nothing else about a case is plain: its details are sealed to the case key.
 * The database checks each column against the same lists (migration CaseRecords).
 */

/** How a closed case ended; closing requires one. */
export const CASE_OUTCOMES = [
  'relocated_abroad',
  'relocated_in_country',
  'stayed_with_support',
  'returned',
  'lost_contact',
  'declined_help',
  'deceased',
  'other',
] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

/** What the person needs now. */
export const CASE_NEEDS = [
  'shelter',
  'medical',
  'psychological',
  'legal',
  'documents',
  'travel',
  'money',
  'communication',
] as const;
export type CaseNeed = (typeof CASE_NEEDS)[number];

/** What threatens the person. */
export const CASE_RISKS = [
  'family_threat',
  'police_or_security_services',
  'being_tracked',
  'entrapment',
  'health',
] as const;
export type CaseRisk = (typeof CASE_RISKS)[number];

/** Steps on the way to safety; each is reached at most once per case, in a month kept plain. */
export const CASE_MILESTONES = [
  'left_region',
  'reached_safe_house',
  'documents_obtained',
  'left_country',
  'arrived_at_destination',
  'asylum_filed',
] as const;
export type CaseMilestone = (typeof CASE_MILESTONES)[number];
