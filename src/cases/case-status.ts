/** The statuses of an evacuation case (the cases issue adds the transition table). */
export const CASE_STATUSES = [
  'verifying',
  'accepted',
  'planning',
  'in_transit',
  'sheltered',
  'relocated',
  'closed',
  'on_hold',
  'rejected',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Where every case starts: opened from a report, its story not yet verified. */
export const INITIAL_CASE_STATUS: CaseStatus = 'verifying';
