import { CASE_STATUSES } from '../cases/case-status';
import { CASE_MILESTONES, CASE_NEEDS, CASE_OUTCOMES, CASE_RISKS } from '../cases/case-vocabulary';
import type { StatsDimension, StatsSubject } from './stats-answer';

/**
 * The rule tables of statistics, as data: which dimensions each subject has, which are time,
 * which are multi-valued (a case can have several needs), their fixed value lists, and the bounds
 * of a query. `region` and `category` come from the forms' own lists, so their values are the
 * ones present in the counted rows.
 */
export const STATS_SUBJECTS: readonly StatsSubject[] = ['reports', 'cases', 'evacuated', 'relocated_abroad'];

export const STATS_DIMENSIONS: readonly StatsDimension[] = [
  'month',
  'quarter',
  'year',
  'region',
  'category',
  'urgency',
  'channel',
  'status',
  'outcome',
  'needs',
  'risks',
  'milestone',
];

export const TIME_DIMENSIONS: ReadonlySet<StatsDimension> = new Set(['month', 'quarter', 'year']);

/** A dimension whose rows carry a set of values: a row counts in every value's cell. */
export const MULTI_VALUED: ReadonlySet<StatsDimension> = new Set(['category', 'needs', 'risks', 'milestone']);

const CASE_DIMENSIONS: StatsDimension[] = ['region', 'status', 'outcome', 'needs', 'risks', 'milestone'];

/** The non-time dimensions each subject can be grouped by. */
export const SUBJECT_DIMENSIONS: Readonly<Record<StatsSubject, readonly StatsDimension[]>> = {
  reports: ['region', 'category', 'urgency', 'channel', 'status'],
  cases: CASE_DIMENSIONS,
  evacuated: CASE_DIMENSIONS,
  relocated_abroad: ['region', 'needs', 'risks', 'milestone'],
};

/** The value of a single-valued dimension a row has none of. */
export const UNKNOWN_VALUE = 'unknown';

// The reports table's own lists (migration Reports checks them; the entity is the reports feature's).
const REPORT_CHANNELS = ['web', 'api', 'bot', 'partner', 'phone'] as const;
const REPORT_STATUSES = [
  'received',
  'in_triage',
  'case_opened',
  'attached',
  'duplicate',
  'spam',
  'no_action',
  'closed',
] as const;

/** Fixed value lists (every value gets a cell, zeros included); undefined: the observed values. */
export function fixedValues(subject: StatsSubject, dimension: StatsDimension): readonly string[] | undefined {
  switch (dimension) {
    case 'urgency':
      return ['urgent', 'not_urgent'];
    case 'channel':
      return REPORT_CHANNELS;
    case 'status':
      return subject === 'reports' ? REPORT_STATUSES : CASE_STATUSES;
    case 'outcome':
      return ['none', ...CASE_OUTCOMES];
    case 'needs':
      return CASE_NEEDS;
    case 'risks':
      return CASE_RISKS;
    case 'milestone':
      return CASE_MILESTONES;
    default:
      return undefined;
  }
}

/**
 * Structural zeros: combinations impossible by the cases' own rules (an outcome is recorded only
 * when a case closes, and closing requires one), published as 0 because a zero there tells nothing.
 */
export function isStructuralZero(values: Readonly<Record<string, string>>): boolean {
  const { status, outcome } = values;
  if (status === undefined || outcome === undefined || status === '*' || outcome === '*') return false;
  return (status === 'closed') !== (outcome !== 'none');
}

export const STATS_LIMITS = {
  /** Dimensions of one query (time counts as one). */
  maxDimensions: 3,
  /** Months of one query's range. */
  maxMonths: 60,
  /** Cells of one table, margins included: bounds the solver and the attack check. */
  maxCells: 1_500,
  /** Earlier releases the ledger check reads per query (the most recent overlapping ones). */
  ledgerReleases: 20,
  /** Non-time dimensions of the common atom basis of a query and its earlier releases. */
  basisDimensions: 4,
} as const;
