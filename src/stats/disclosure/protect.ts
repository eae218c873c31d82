import { feasibleIntervals, type PublishedSystemCell } from './attack';
import { highsSolver } from './highs-solver';
import { primarySensitive } from './primary';
import { roundDeterministically } from './rounding';
import type { DisclosureParams, LedgerCell, MarginEquation, SuppressionReason, TableCell } from './table';

export type ProtectedCell =
  | { readonly key: string; readonly suppressed: false; readonly value: number }
  | { readonly key: string; readonly suppressed: true; readonly reason: SuppressionReason };

export interface ProtectionResult {
  readonly cells: ProtectedCell[];
  /** `optimal` (HiGHS MILP plus attack-verified cuts) or `heuristic` (time limit reached). */
  readonly method: 'optimal' | 'heuristic';
}

const sameAtoms = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

/**
 * Primary suppression, then secondary suppression as a 0/1 program solved by HiGHS (fewest
 * suppressed cells; every margin equation holds none or at least two suppressed members),
 * checked by the LP attack over this table and the ledger's earlier releases; a suppressed
 * cell whose interval is narrower than the threshold adds a cut (one more overlapping cell
 * must go) and the program is solved again. Past the time limit a heuristic takes over:
 * suppress the largest published cell that overlaps the exposed one. Then rounding.
 */
export async function protectTable(
  cells: readonly TableCell[],
  equations: readonly MarginEquation[],
  ledger: readonly LedgerCell[],
  params: DisclosureParams,
): Promise<ProtectionResult> {
  const started = Date.now();
  const reasons = new Map<number, SuppressionReason>();
  for (const index of primarySensitive(cells, equations, params.threshold)) reasons.set(index, 'primary');
  cells.forEach((cell, index) => {
    if (reasons.has(index)) return;
    if (ledger.some((earlier) => earlier.suppressed && sameAtoms(earlier.atoms, cell.atoms))) {
      reasons.set(index, 'ledger');
    }
  });
  const cuts: number[][] = [];
  let method: ProtectionResult['method'] = 'optimal';
  let suppressed = new Set(reasons.keys());
  for (;;) {
    if (method === 'optimal' && Date.now() - started <= params.timeLimitMs) {
      const solved = await solvePattern(cells, equations, suppressed, cuts, params.timeLimitMs);
      if (solved) suppressed = solved;
      else method = 'heuristic';
    }
    const exposed = await exposedCells(cells, ledger, suppressed, params.threshold);
    if (exposed.length === 0) break;
    if (method === 'optimal' && Date.now() - started > params.timeLimitMs) method = 'heuristic';
    let progressed = false;
    for (const atoms of exposed) {
      const candidates = cells
        .map((cell, index) => ({ cell, index }))
        .filter(
          ({ cell, index }) =>
            !suppressed.has(index) && !cell.structural && cell.atoms.some((atom) => atoms.includes(atom)),
        );
      if (candidates.length === 0) continue;
      progressed = true;
      if (method === 'optimal') cuts.push(candidates.map(({ index }) => index));
      else suppressed.add(candidates.reduce((a, b) => (b.cell.value > a.cell.value ? b : a)).index);
    }
    if (!progressed) suppressAllNonStructural(cells, suppressed);
    if (!progressed) break;
  }
  return {
    method,
    cells: cells.map((cell, index) =>
      suppressed.has(index)
        ? { key: cell.key, suppressed: true, reason: reasons.get(index) ?? 'secondary' }
        : {
            key: cell.key,
            suppressed: false,
            value: roundDeterministically(cell.key, cell.value, params.roundingBase, params.roundingKey),
          },
    ),
  };
}

/** When no published cell can be added to close an exposure, publish nothing of this table. */
function suppressAllNonStructural(cells: readonly TableCell[], suppressed: Set<number>): void {
  cells.forEach((cell, index) => {
    if (!cell.structural) suppressed.add(index);
  });
}

/** Atoms of every suppressed cell (this table's and the ledger's) narrower than the threshold. */
async function exposedCells(
  cells: readonly TableCell[],
  ledger: readonly LedgerCell[],
  suppressed: ReadonlySet<number>,
  threshold: number,
): Promise<(readonly string[])[]> {
  const system: PublishedSystemCell[] = [
    ...cells.map((cell, index) => ({
      atoms: cell.atoms,
      value: suppressed.has(index) ? undefined : cell.value,
    })),
    ...ledger.map((cell) => ({ atoms: cell.atoms, value: cell.suppressed ? undefined : cell.value })),
  ];
  const targets = system.filter((cell) => cell.value === undefined).map((cell) => cell.atoms);
  if (targets.length === 0) return [];
  const intervals = await feasibleIntervals(system, targets);
  return targets.filter((_, i) => intervals[i].upper - intervals[i].lower < threshold - 1e-6);
}

/** The 0/1 program: fewest suppressed cells subject to the margin and cut constraints. */
async function solvePattern(
  cells: readonly TableCell[],
  equations: readonly MarginEquation[],
  forced: ReadonlySet<number>,
  cuts: readonly number[][],
  timeLimitMs: number,
): Promise<Set<number> | undefined> {
  const highs = await highsSolver();
  const y = (index: number): string => `y${index}`;
  const rows: string[] = [];
  equations.forEach((equation, e) => {
    const members = [equation.total, ...equation.parts];
    members.forEach((member, m) => {
      const others = members.filter((other) => other !== member).map(y);
      if (others.length === 0) return;
      rows.push(` e${e}_${m}: ${others.join(' + ')} - ${y(member)} >= 0`);
    });
  });
  cuts.forEach((cut, c) => rows.push(` c${c}: ${cut.map(y).join(' + ')} >= 1`));
  const bounds = cells.map((cell, index) => {
    if (forced.has(index)) return ` ${y(index)} = 1`;
    if (cell.structural) return ` ${y(index)} = 0`;
    return ` 0 <= ${y(index)} <= 1`;
  });
  const model = [
    'Minimize',
    ` obj: ${cells.map((_, index) => y(index)).join(' + ')}`,
    'Subject To',
    rows.length > 0 ? rows.join('\n') : ` none: ${y(0)} >= 0`,
    'Bounds',
    bounds.join('\n'),
    'Binary',
    ` ${cells.map((_, index) => y(index)).join(' ')}`,
    'End',
  ].join('\n');
  const result = highs.solve(model, { output_flag: false, time_limit: timeLimitMs / 1000 });
  if (result.Status !== 'Optimal') return undefined;
  const chosen = new Set<number>();
  cells.forEach((_, index) => {
    if (Math.round(result.Columns[y(index)].Primal) === 1) chosen.add(index);
  });
  return chosen;
}
