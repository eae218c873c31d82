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
  const atomName = atomNamer();
  const { known, equations } = presolve(cells);
  const bounded = new Set(equations.flatMap((equation) => equation.atoms));
  const component = components(equations);
  const split = targets.map((atoms) => {
    const unknown = atoms.filter((atom) => !known.has(atom));
    return {
      constant: atoms.reduce((sum, atom) => sum + (known.get(atom) ?? 0), 0),
      unknown,
      // Every published sum has non-negative parts, so an atom in one is bounded by it; an atom
      // in none can be anything.
      unbounded: unknown.some((atom) => !bounded.has(atom)),
      equations: [
        ...new Set(unknown.filter((atom) => bounded.has(atom)).map((atom) => component.get(atom)!)),
      ],
    };
  });
  const groups = groupEquations(equations, component);
  const solveAll = (sense: 'Minimize' | 'Maximize', indices: number[]): Map<number, number> => {
    const values = new Map<number, number>();
    // Targets with the same unknown atoms (a rerun's cell and this table's) share one copy.
    const firstOf = new Map<string, number>();
    const solvable: number[] = [];
    const sameAs = new Map<number, number>();
    for (const i of indices) {
      if (split[i].unknown.length === 0 || split[i].equations.length === 0) continue;
      const key = [...split[i].unknown].sort().join('\u0000');
      const first = firstOf.get(key);
      if (first === undefined) {
        firstOf.set(key, i);
        solvable.push(i);
      } else sameAs.set(i, first);
    }
    if (solvable.length === 0) return values;
    // One model with a copy of the relevant equations per target (its own variables): the
    // optimum of the sum is the sum of the separate optima, each read off its copy's variables.
    const variable = (copy: number, atom: string) => `t${copy}_${atomName(atom)}`;
    const rows: string[] = [];
    const objective: string[] = [];
    const columns = new Set<string>();
    solvable.forEach((target, copy) => {
      for (const group of split[target].equations)
        groups.get(group)!.forEach((equation, e) => {
          const terms = equation.atoms.map((atom) => variable(copy, atom));
          terms.forEach((term) => columns.add(term));
          rows.push(` c${copy}_${group}_${e}: ${terms.join(' + ')} = ${equation.value}`);
        });
      objective.push(...split[target].unknown.map((atom) => variable(copy, atom)));
    });
    const model = [
      sense,
      ` obj: ${objective.join(' + ')}`,
      'Subject To',
      rows.join('\n'),
      'Bounds',
      [...columns].map((column) => ` ${column} >= 0`).join('\n'),
      'End',
    ].join('\n');
    const result = highs.solve(model, { output_flag: false });
    if (result.Status !== 'Optimal') throw new Error(`attack LP ended with status ${result.Status}`);
    solvable.forEach((target, copy) => {
      const sum = split[target].unknown.reduce(
        (total, atom) => total + (result.Columns[variable(copy, atom)]?.Primal ?? 0),
        0,
      );
      values.set(target, sum);
    });
    for (const [target, first] of sameAs) values.set(target, values.get(first)!);
    return values;
  };
  const all = split.map((_, i) => i);
  const lows = solveAll('Minimize', all);
  const highsOf = solveAll(
    'Maximize',
    all.filter((i) => !split[i].unbounded),
  );
  return split.map(({ constant, unknown, unbounded }, i) => {
    if (unknown.length === 0) return { lower: constant, upper: constant };
    return {
      lower: constant + (lows.get(i) ?? 0),
      upper: unbounded ? Number.POSITIVE_INFINITY : constant + (highsOf.get(i) ?? 0),
    };
  });
}

/**
 * Names HiGHS's LP format accepts for atoms (atom keys are arbitrary strings), one table per
 * call: a table shared by every call grew with every ledger release ever read (the API process's
 * memory, for ever).
 */
function atomNamer(): (atom: string) => string {
  const names = new Map<string, string>();
  return (atom) => {
    let name = names.get(atom);
    if (name === undefined) {
      name = `a${names.size}`;
      names.set(atom, name);
    }
    return name;
  };
}

/** The connected component (by shared atoms) of every atom that appears in an equation. */
function components(equations: readonly { atoms: string[] }[]): Map<string, number> {
  const parent = new Map<string, string>();
  const find = (atom: string): string => {
    let root = atom;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(atom, root);
    return root;
  };
  for (const equation of equations) {
    for (const atom of equation.atoms) if (!parent.has(atom)) parent.set(atom, atom);
    for (const atom of equation.atoms.slice(1)) parent.set(find(atom), find(equation.atoms[0]));
  }
  const ids = new Map<string, number>();
  const component = new Map<string, number>();
  for (const atom of parent.keys()) {
    const root = find(atom);
    if (!ids.has(root)) ids.set(root, ids.size);
    component.set(atom, ids.get(root)!);
  }
  return component;
}

function groupEquations(
  equations: readonly { atoms: string[]; value: number }[],
  component: ReadonlyMap<string, number>,
): Map<number, { atoms: string[]; value: number }[]> {
  const groups = new Map<number, { atoms: string[]; value: number }[]>();
  for (const equation of equations) {
    const id = component.get(equation.atoms[0])!;
    groups.set(id, [...(groups.get(id) ?? []), equation]);
  }
  return groups;
}

/**
 * Exact substitution before the LPs: an atom that is the only unknown of a published sum is
 * determined (a published single-atom cell, a margin whose other parts are known), repeatedly.
 * Determined atoms become constants, and published sums left with no unknown drop out. The
 * feasible set of the remaining atoms is unchanged, so every interval is the same as without it,
 * but the LPs shrink from the whole table to the suppressed part of it.
 */
function presolve(cells: readonly PublishedSystemCell[]): {
  known: Map<string, number>;
  equations: { atoms: string[]; value: number }[];
} {
  const known = new Map<string, number>();
  const published = cells.filter(
    (cell): cell is PublishedSystemCell & { value: number } =>
      cell.value !== undefined && cell.atoms.length > 0,
  );
  const containing = new Map<string, number[]>();
  published.forEach((cell, index) =>
    cell.atoms.forEach((atom) => containing.set(atom, [...(containing.get(atom) ?? []), index])),
  );
  const open = published.map((cell) => new Set(cell.atoms));
  const rest = published.map((cell) => cell.value);
  const queue = published.map((_, index) => index).filter((index) => open[index].size === 1);
  while (queue.length > 0) {
    const index = queue.pop()!;
    if (open[index].size !== 1) continue;
    const [atom] = open[index];
    const value = rest[index];
    known.set(atom, value);
    for (const other of containing.get(atom) ?? []) {
      if (!open[other].delete(atom)) continue;
      rest[other] -= value;
      if (open[other].size === 1) queue.push(other);
    }
  }
  const equations = published
    .map((_, index) => ({ atoms: [...open[index]], value: rest[index] }))
    .filter((equation) => equation.atoms.length > 0);
  return { known, equations };
}
