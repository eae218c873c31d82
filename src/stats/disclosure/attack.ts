import { highsSolver } from './highs-solver';

/** A cell as the attacker sees it: its atoms, and its value if published. */
export interface PublishedSystemCell {
  readonly atoms: readonly string[];
  /** undefined when suppressed. */
  readonly value: number | undefined;
}

export interface CellInterval {
  readonly lower: number;
  readonly upper: number;
}

/**
 * The tightest interval an attacker can derive for the target cells from every published
 * cell (this release and the ledger's), by linear programming over non-negative atoms:
 * minimise and maximise each target's sum subject to every published sum.
 */
export async function feasibleIntervals(
  cells: readonly PublishedSystemCell[],
  targets: readonly (readonly string[])[],
): Promise<CellInterval[]> {
  const highs = await highsSolver();
  const atomIndex = new Map<string, number>();
  const variable = (atom: string): string => {
    let index = atomIndex.get(atom);
    if (index === undefined) {
      index = atomIndex.size;
      atomIndex.set(atom, index);
    }
    return `a${index}`;
  };
  const constraints: string[] = [];
  cells.forEach((cell, index) => {
    if (cell.value === undefined || cell.atoms.length === 0) return;
    constraints.push(` p${index}: ${cell.atoms.map(variable).join(' + ')} = ${cell.value}`);
  });
  const targetTerms = targets.map((atoms) => atoms.map(variable).join(' + '));
  const bounds = [...atomIndex.values()].map((index) => ` a${index} >= 0`).join('\n');
  const solveOne = (sense: 'Minimize' | 'Maximize', objective: string): number => {
    const model = `${sense}\n obj: ${objective}\nSubject To\n${constraints.join('\n') || ' none: a0 >= 0'}\nBounds\n${bounds}\nEnd`;
    const result = highs.solve(model, { output_flag: false });
    if (result.Status === 'Unbounded') return sense === 'Maximize' ? Number.POSITIVE_INFINITY : 0;
    if (result.Status !== 'Optimal') throw new Error(`attack LP ended with status ${result.Status}`);
    return result.ObjectiveValue;
  };
  return targetTerms.map((objective) => ({
    lower: solveOne('Minimize', objective),
    upper: solveOne('Maximize', objective),
  }));
}
