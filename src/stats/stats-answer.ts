/**
 * What a statistics query answers once disclosure control has run: the contract between the
 * query service (which computes and protects the table) and every output (JSON, CSV, SVG chart,
 * advocacy statement). Outputs only ever see protected figures: a suppressed cell has no count.
 */
export type StatsSubject = 'reports' | 'cases' | 'evacuated' | 'relocated_abroad';

export type StatsDimension =
  | 'month'
  | 'quarter'
  | 'year'
  | 'region'
  | 'category'
  | 'urgency'
  | 'channel'
  | 'status'
  | 'outcome'
  | 'needs'
  | 'risks'
  | 'milestone';

export type StatsAudience = 'analyst' | 'public';

/** One published cell: its dimension values ('*' for a margin/total) and a count or a mark. */
export type StatsCell =
  | { readonly values: Readonly<Record<string, string>>; readonly suppressed: false; readonly count: number }
  | {
      readonly values: Readonly<Record<string, string>>;
      readonly suppressed: true;
      readonly reason: 'primary' | 'secondary' | 'ledger';
    };

export interface StatsProtection {
  readonly audience: StatsAudience;
  readonly threshold: number;
  readonly roundingBase: number;
  /** `optimal` (solver), `heuristic` (time limit reached) or `noise` (differential privacy). */
  readonly method: 'optimal' | 'heuristic' | 'noise';
  readonly releaseId: string;
  /** Differential privacy only: the noise scale and the analyst's budget left this period. */
  readonly noise?: {
    readonly mechanism: 'discrete_laplace';
    /** ε this answer spent. */
    readonly epsilon: number;
    /** t = sensitivity / ε: each cell's noise has P(x) ∝ exp(−|x|/t), standard deviation ≈ t·√2. */
    readonly scale: number;
    /** How many cells one record can change (margins and multi-valued dimensions counted). */
    readonly sensitivity: number;
    readonly remainingBudget: number;
  };
}

export interface StatsAnswer {
  readonly subject: StatsSubject;
  readonly groupBy: readonly StatsDimension[];
  /** Whole months, inclusive: `YYYY-MM`. */
  readonly from: string;
  readonly to: string;
  readonly cells: readonly StatsCell[];
  readonly protection: StatsProtection;
}

/** A suppressed cell as it leaves the server: marked, with neither a number nor a reason. */
export type PublishedStatsCell =
  | Extract<StatsCell, { suppressed: false }>
  | { readonly values: Readonly<Record<string, string>>; readonly suppressed: true };

export interface PublishedStatsAnswer extends Omit<StatsAnswer, 'cells'> {
  readonly cells: readonly PublishedStatsCell[];
}

/**
 * The answer as every response carries it. Why a cell was suppressed stays inside: `primary`
 * would tell the reader that it holds 1 to threshold − 1 and `secondary` that it holds 0 or at
 * least the threshold — bounds the attack check does not model, so publishing them could narrow
 * a protected cell below the threshold.
 */
export function publishedAnswer(answer: StatsAnswer): PublishedStatsAnswer {
  return {
    ...answer,
    cells: answer.cells.map((cell) => (cell.suppressed ? { values: cell.values, suppressed: true } : cell)),
  };
}
