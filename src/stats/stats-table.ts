import type { MarginEquation, TableCell } from './disclosure/table';
import type { StatsDimension } from './stats-answer';
import {
  ALL,
  type Atom,
  type CellSpec,
  cellKey,
  coordinateKey,
  coordinatesOf,
  isMultiValued,
  tabulate,
  timeValue,
} from './stats-atoms';
import type { StatsDefinition } from './stats-definition';
import { statsError, StatsErrorCode } from './stats.errors';
import { monthsBetween } from './stats-months';
import { fixedValues, isStructuralZero, STATS_LIMITS, TIME_DIMENSIONS } from './stats-vocabulary';

/** The table of one query in the atom model, with the definition of each of its cells. */
export interface QueryTable {
  readonly cells: TableCell[];
  readonly equations: MarginEquation[];
  readonly specs: CellSpec[];
  /** The atoms the cells are sums of, synthetic zero atoms of empty combinations included. */
  readonly atoms: Atom[];
}

/** The values of a grouped dimension: the range's months/quarters/years, a fixed list, or those present. */
function domainOf(definition: StatsDefinition, dimension: StatsDimension, atoms: readonly Atom[]): string[] {
  if (TIME_DIMENSIONS.has(dimension))
    return [...new Set(monthsBetween(definition.from, definition.to).map((m) => timeValue(dimension, m)))];
  const fixed = fixedValues(definition.subject, dimension);
  if (fixed) return [...fixed];
  const present = new Set<string>();
  // Atoms can span earlier releases' months too (the ledger's basis): only this range's values.
  for (const atom of atoms) {
    if (atom.month < definition.from || atom.month > definition.to) continue;
    const value = atom.values.get(dimension);
    if (typeof value === 'string') present.add(value);
    else value?.forEach((v) => present.add(v));
  }
  return [...present].sort();
}

const product = (lists: readonly (readonly string[])[]): string[][] =>
  lists.reduce<string[][]>((partial, list) => partial.flatMap((c) => list.map((v) => [...c, v])), [[]]);

/**
 * Derives every cell of the query — each combination of its dimensions' values, and every margin
 * (`*` in one or more dimensions) — from the atoms, with the margin equations (total = sum of
 * parts) of each single-valued dimension. A multi-valued dimension (needs, categories…) has no
 * such equation (a case with two needs counts in both), but its cells still relate by atoms.
 * Combinations with no rows get a synthetic zero atom each.
 */
export function buildTable(definition: StatsDefinition, rowAtoms: readonly Atom[]): QueryTable {
  const dimensions = definition.groupBy;
  const domains = dimensions.map((d) => domainOf(definition, d, rowAtoms));
  const cellCount = domains.reduce((n, domain) => n * (domain.length + 1), 1);
  if (cellCount > STATS_LIMITS.maxCells)
    throw statsError(StatsErrorCode.STATS_TABLE_TOO_LARGE, { maxCells: STATS_LIMITS.maxCells });
  const atoms = [...rowAtoms, ...zeroAtoms(definition, domains, rowAtoms)];
  const coordinates = product(domains.map((domain) => [...domain, ALL]));
  const cellAt = new Map(coordinates.map((c, i) => [coordinateKey(c), i]));
  const tabulated = tabulate(atoms, dimensions, definition, cellAt, coordinates.length);
  const specs = coordinates.map((c): CellSpec => ({
    from: definition.from,
    to: definition.to,
    values: Object.fromEntries(dimensions.map((d, i) => [d, c[i]])),
  }));
  const structuralSubject = definition.subject !== 'reports';
  const cells = specs.map((spec, i): TableCell => ({
    key: cellKey(definition.subject, spec),
    atoms: tabulated.atoms[i],
    value: tabulated.values[i],
    structural: structuralSubject && tabulated.values[i] === 0 && isStructuralZero(spec.values),
  }));
  const equations: MarginEquation[] = [];
  coordinates.forEach((c, total) => {
    dimensions.forEach((dimension, d) => {
      if (c[d] !== ALL || isMultiValued(dimension)) return;
      const parts = domains[d].map((value) =>
        cellAt.get(coordinateKey(c.map((v, i) => (i === d ? value : v))))!,
      );
      if (parts.length > 0) equations.push({ total, parts });
    });
  });
  return { cells, equations, specs, atoms };
}

/** A synthetic atom (count 0) for every interior combination that no row falls in. */
function zeroAtoms(
  definition: StatsDefinition,
  domains: readonly string[][],
  atoms: readonly Atom[],
): Atom[] {
  const dimensions = definition.groupBy;
  const present = new Set<string>();
  for (const atom of atoms) {
    if (atom.month < definition.from || atom.month > definition.to) continue;
    for (const c of coordinatesOf(atom, dimensions)) if (!c.includes(ALL)) present.add(coordinateKey(c));
  }
  const months = monthsBetween(definition.from, definition.to);
  return product(domains)
    .filter((c) => !present.has(coordinateKey(c)))
    .map((c) => {
      const timeIndex = dimensions.findIndex((d) => TIME_DIMENSIONS.has(d));
      const month =
        timeIndex < 0 ? months[0] : months.find((m) => timeValue(dimensions[timeIndex], m) === c[timeIndex])!;
      const values = new Map<StatsDimension, string | readonly string[]>();
      dimensions.forEach((d, i) => {
        if (!TIME_DIMENSIONS.has(d)) values.set(d, isMultiValued(d) ? [c[i]] : c[i]);
      });
      return { key: `0|${JSON.stringify(c)}|${definition.groupBy.join(',')}`, month, values, count: 0 };
    });
}
