import type { StatsDimension, StatsSubject } from './stats-answer';
import { quarterOf, yearOf } from './stats-months';
import type { AtomRow } from './stats.repository';
import { MULTI_VALUED, TIME_DIMENSIONS } from './stats-vocabulary';

/**
 * An atom of the disclosure model: one finest combination of month and basis values (a count of
 * disjoint rows). Every cell of this query and of the earlier releases it is checked against is a
 * sum of atoms of the same basis, so they relate by linear equations. A synthetic atom (count 0)
 * stands for a combination with no rows, so that an empty cell still has atoms an attacker's
 * equations can name; it has no value for dimensions it was not made for.
 */
export interface Atom {
  readonly key: string;
  readonly month: string;
  readonly values: ReadonlyMap<StatsDimension, string | readonly string[]>;
  readonly count: number;
}

/** A cell's definition: a range and, per grouped dimension, a value or `*` (every value). */
export interface CellSpec {
  readonly from: string;
  readonly to: string;
  readonly values: Readonly<Record<string, string>>;
}

export const ALL = '*';
const SEPARATOR = '\u0001';

export function atomsOf(rows: readonly AtomRow[], basis: readonly StatsDimension[]): Atom[] {
  return rows.map((row) => ({
    key: JSON.stringify([row.month, ...row.values]),
    month: row.month,
    values: new Map(basis.map((dimension, i) => [dimension, row.values[i]])),
    count: row.count,
  }));
}

export const timeValue = (dimension: StatsDimension, month: string): string =>
  dimension === 'month' ? month : dimension === 'quarter' ? quarterOf(month) : yearOf(month);

/** The values of `dimension` an atom counts in (`*` always). */
function optionsOf(atom: Atom, dimension: StatsDimension): readonly string[] {
  if (TIME_DIMENSIONS.has(dimension)) return [timeValue(dimension, atom.month), ALL];
  const value = atom.values.get(dimension);
  if (value === undefined) return [ALL];
  return typeof value === 'string' ? [value, ALL] : [...new Set(value), ALL];
}

export const coordinateKey = (values: readonly string[]): string => values.join(SEPARATOR);

/** Every coordinate (one value or `*` per dimension) of the cells an atom counts in. */
export function coordinatesOf(atom: Atom, dimensions: readonly StatsDimension[]): string[][] {
  return dimensions.reduce<string[][]>(
    (partial, dimension) => partial.flatMap((c) => optionsOf(atom, dimension).map((o) => [...c, o])),
    [[]],
  );
}

/**
 * Assigns atoms to cells: `cellAt` maps a coordinate key (values in `dimensions` order) to the
 * index of a cell; each atom in [from, to] is added to every cell it counts in.
 */
export function tabulate(
  atoms: readonly Atom[],
  dimensions: readonly StatsDimension[],
  range: { from: string; to: string },
  cellAt: ReadonlyMap<string, number>,
  cellCount: number,
): { atoms: string[][]; values: number[] } {
  const cellAtoms = Array.from({ length: cellCount }, () => [] as string[]);
  const values = new Array<number>(cellCount).fill(0);
  for (const atom of atoms) {
    if (atom.month < range.from || atom.month > range.to) continue;
    for (const coordinate of coordinatesOf(atom, dimensions)) {
      const index = cellAt.get(coordinateKey(coordinate));
      if (index === undefined) continue;
      cellAtoms[index].push(atom.key);
      values[index] += atom.count;
    }
  }
  return { atoms: cellAtoms, values };
}

/**
 * The key a cell rounds by: what it counts, independent of how it was asked (its subject, the
 * months it covers, its fixed non-time values), so that the same cell asked through another
 * query, ordering or range rounds the same way.
 */
export function cellKey(subject: StatsSubject, spec: CellSpec): string {
  let from = spec.from;
  let to = spec.to;
  const fixed: string[] = [];
  for (const [dimension, value] of Object.entries(spec.values)) {
    if (value === ALL) continue;
    if (dimension === 'month') [from, to] = [max(from, value), min(to, value)];
    else if (dimension === 'quarter') {
      const first = `${value.slice(0, 4)}-${String((Number(value.slice(6)) - 1) * 3 + 1).padStart(2, '0')}`;
      [from, to] = [max(from, first), min(to, lastOfQuarter(first))];
    } else if (dimension === 'year') [from, to] = [max(from, `${value}-01`), min(to, `${value}-12`)];
    else fixed.push(`${dimension}=${value}`);
  }
  return `${subject}|${from}..${to}|${fixed.sort().join(';')}`;
}

const max = (a: string, b: string) => (a > b ? a : b);
const min = (a: string, b: string) => (a < b ? a : b);
const lastOfQuarter = (first: string) =>
  `${first.slice(0, 4)}-${String(Number(first.slice(5, 7)) + 2).padStart(2, '0')}`;

export const isMultiValued = (dimension: StatsDimension) => MULTI_VALUED.has(dimension);
