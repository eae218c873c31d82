/**
 * A table to protect, in the atom model: every cell is a sum of atoms (the finest
 * month × category combinations), so cells of this table and of earlier releases relate
 * to each other by linear equations over the same atoms (Jan–Mar = Jan + Feb + Mar; a
 * region = its districts). Disclosure control reasons only about this linear system.
 */
export interface TableCell {
  /** Canonical definition of the cell (subject, audience, dimension values); keys rounding. */
  readonly key: string;
  /** Atom keys whose sum the cell counts; disjoint atoms, no repeats. */
  readonly atoms: readonly string[];
  readonly value: number;
  /** Impossible by definition (a zero that reveals nothing); published as 0. */
  readonly structural?: boolean;
}

/** A margin relation inside the table: total = sum of parts (indices into cells). */
export interface MarginEquation {
  readonly total: number;
  readonly parts: readonly number[];
}

/** A cell of an earlier release: its atoms, today's value and whether it was suppressed. */
export interface LedgerCell {
  readonly atoms: readonly string[];
  readonly value: number;
  readonly suppressed: boolean;
}

export interface DisclosureParams {
  /** Counts 1..threshold−1 are primary-suppressed; every protection interval ≥ threshold. */
  readonly threshold: number;
  readonly roundingBase: number;
  /** Wall-clock budget of the optimisation before the heuristic fallback. */
  readonly timeLimitMs: number;
  /** Keys the rounding coin (an HMAC), so that the public cannot compute it; optional in tests. */
  readonly roundingKey?: Uint8Array;
}

export type SuppressionReason = 'primary' | 'secondary' | 'ledger';
