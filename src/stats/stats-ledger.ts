import type { LedgerCell, TableCell } from './disclosure/table';
import type { StatsDimension } from './stats-answer';
import { type Atom, coordinateKey, tabulate } from './stats-atoms';
import type { StatsDefinition } from './stats-definition';
import type { StoredRelease } from './stats-ledger.repository';
import { STATS_LIMITS, TIME_DIMENSIONS } from './stats-vocabulary';

/** The atom basis of a query checked against earlier releases: their dimensions and range together. */
export interface LedgerPlan {
  /** Non-time dimensions, sorted: every atom is month × one value (or set) of each. */
  readonly basis: StatsDimension[];
  readonly releases: StoredRelease[];
  readonly from: string;
  readonly to: string;
}

const nonTime = (dimensions: readonly StatsDimension[]) => dimensions.filter((d) => !TIME_DIMENSIONS.has(d));

/**
 * Picks the earlier releases (most recent first, as given) whose dimensions fit one common basis
 * of at most STATS_LIMITS.basisDimensions non-time dimensions together with the query's; a release
 * that would widen the basis beyond that is left out (docs/design.md, "Limits of the ledger").
 */
export function planLedger(definition: StatsDefinition, releases: readonly StoredRelease[]): LedgerPlan {
  const basis = new Set(nonTime(definition.groupBy));
  const chosen: StoredRelease[] = [];
  let from = definition.from;
  let to = definition.to;
  for (const release of releases) {
    const widened = new Set([...basis, ...nonTime(release.groupBy)]);
    if (widened.size > STATS_LIMITS.basisDimensions) continue;
    widened.forEach((d) => basis.add(d));
    chosen.push(release);
    if (release.from < from) from = release.from;
    if (release.to > to) to = release.to;
  }
  return { basis: [...basis].sort(), releases: chosen, from, to };
}

/**
 * The earlier releases' cells in this query's atoms, with today's counts: published cells as
 * equations an attacker has, suppressed ones as cells whose interval must stay wide. On top, the
 * differences an attacker gets by subtracting nested cells (an earlier Jan–Feb from today's
 * Jan–Mar; a total from a part, for multi-valued dimensions): a small difference (1 to threshold−1)
 * is added as a suppressed cell, so that protectTable keeps its interval at least the threshold wide
 * too. An earlier cell with no atoms gets a synthetic zero atom of its own.
 */
export function ledgerCells(
  plan: LedgerPlan,
  atoms: readonly Atom[],
  table: readonly TableCell[],
  threshold: number,
  multiValuedTable: boolean,
): LedgerCell[] {
  const earlier: LedgerCell[] = [];
  for (const release of plan.releases) {
    const cellAt = new Map(
      release.cells.map((c, i) => [coordinateKey(release.groupBy.map((d) => c.values[d])), i]),
    );
    const tabulated = tabulate(atoms, release.groupBy, release, cellAt, release.cells.length);
    release.cells.forEach((cell, i) => {
      const cellAtoms = tabulated.atoms[i].length > 0 ? tabulated.atoms[i] : [`0|${release.id}|${i}`];
      earlier.push({ atoms: cellAtoms, value: tabulated.values[i], suppressed: cell.suppressed });
    });
  }
  const distinct = distinctCells(earlier);
  return [...distinct, ...smallDifferences(table, distinct, threshold, multiValuedTable)];
}

/**
 * One ledger cell per atom set (reruns repeat every cell). A set published by any earlier release
 * counts as published: its figure is public, and keeping a suppressed copy would ask this release
 * to protect what another release already gave away (nothing it suppresses could, so it would
 * suppress everything).
 */
function distinctCells(cells: readonly LedgerCell[]): LedgerCell[] {
  const bySet = new Map<string, LedgerCell>();
  for (const cell of cells) {
    const key = [...cell.atoms].sort().join('\u0000');
    const seen = bySet.get(key);
    if (!seen || (seen.suppressed && !cell.suppressed)) bySet.set(key, cell);
  }
  return [...bySet.values()];
}

/** Suppressed pseudo-cells for every small difference of two nested cells (see ledgerCells). */
function smallDifferences(
  table: readonly TableCell[],
  earlier: readonly LedgerCell[],
  threshold: number,
  withinTable: boolean,
): LedgerCell[] {
  const current = table.map((cell) => ({ atoms: cell.atoms, value: cell.value, set: new Set(cell.atoms) }));
  const published = earlier
    .filter((cell) => !cell.suppressed)
    .map((cell) => ({ atoms: cell.atoms, value: cell.value, set: new Set(cell.atoms) }));
  const known = new Set(table.map((cell) => [...cell.atoms].sort().join('\u0000')));
  const found = new Map<string, LedgerCell>();
  const consider = (a: (typeof current)[number], b: (typeof current)[number]) => {
    const [small, large] = a.atoms.length < b.atoms.length ? [a, b] : [b, a];
    const difference = large.value - small.value;
    if (difference < 1 || difference >= threshold || small.atoms.length === large.atoms.length) return;
    if (!small.atoms.every((atom) => large.set.has(atom))) return;
    const atoms = large.atoms.filter((atom) => !small.set.has(atom));
    const key = [...atoms].sort().join('\u0000');
    if (!known.has(key)) found.set(key, { atoms, value: difference, suppressed: true });
  };
  for (const a of current) for (const b of published) consider(a, b);
  if (withinTable) current.forEach((a, i) => current.slice(i + 1).forEach((b) => consider(a, b)));
  return [...found.values()];
}
