import { MULTI_VALUED } from '../stats-vocabulary';

/** A raw (unprotected) count of one cell: dimension values, `*` for a margin, and the count. */
export interface RawCell {
  readonly values: Readonly<Record<string, string>>;
  readonly count: number;
}

/** The margin marker of a cell's dimension value (the contract of stats-answer.ts). */
const MARGIN = '*';

/**
 * Dimensions in which one record can hold several values at once (a case with two needs is
 * counted under both), so that one record touches several cells of the same margin pattern.
 */
export const MULTI_VALUED_DIMENSIONS: ReadonlySet<string> = MULTI_VALUED;

/**
 * The L1 sensitivity of a table of counts: how many cells one record (a report or a case) can
 * change, each by one, when it is added or removed. Cells are grouped by their margin pattern (which
 * dimensions are `*`): one record falls into exactly one cell of each pattern, except that a
 * multi-valued dimension may put it into every one of its values at once. So
 *   Δ = Σ over patterns  Π over the pattern's multi-valued dimensions  (their number of values).
 * A table without margins and multi-valued dimensions has Δ = 1; month × region with row totals,
 * column totals and the grand total has Δ = 4.
 *
 * The table must be its whole domain, zeros included: every combination of the values it names, in
 * every pattern it has (a missing zero cell would itself disclose that the count is zero, and would
 * make Δ too small). An incomplete or inconsistent table is refused with a RangeError.
 */
export function tableSensitivity(
  cells: readonly RawCell[],
  multiValued: ReadonlySet<string> = MULTI_VALUED_DIMENSIONS,
): number {
  if (cells.length === 0) throw new RangeError('an empty table has nothing to protect');
  const dimensions = Object.keys(cells[0].values).sort();
  const patterns = new Map<
    string,
    { dimensions: string[]; keys: Set<string>; values: Map<string, Set<string>> }
  >();
  for (const cell of cells) {
    const names = Object.keys(cell.values).sort();
    if (names.join('\0') !== dimensions.join('\0'))
      throw new RangeError('every cell must name the same dimensions');
    const named = names.filter((d) => cell.values[d] !== MARGIN);
    const patternKey = named.join('\0');
    const pattern = patterns.get(patternKey) ?? {
      dimensions: named,
      keys: new Set<string>(),
      values: new Map(named.map((d) => [d, new Set<string>()])),
    };
    const cellKey = named.map((d) => cell.values[d]).join('\0');
    if (pattern.keys.has(cellKey)) throw new RangeError('the table holds the same cell twice');
    pattern.keys.add(cellKey);
    for (const d of named) pattern.values.get(d)!.add(cell.values[d]);
    patterns.set(patternKey, pattern);
  }
  let sensitivity = 0;
  for (const pattern of patterns.values()) {
    const sizes = pattern.dimensions.map((d) => pattern.values.get(d)!.size);
    if (pattern.keys.size !== sizes.reduce((product, size) => product * size, 1))
      throw new RangeError('the table is not its whole domain: give every combination, zeros included');
    sensitivity += pattern.dimensions
      .map((d, i) => (multiValued.has(d) ? sizes[i] : 1))
      .reduce((product, size) => product * size, 1);
  }
  return sensitivity;
}
