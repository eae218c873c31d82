import type { StatsAnswer, StatsCell, StatsDimension } from '../stats-answer';

/** The value a cell carries for a dimension it is summed over (a margin or the total). */
export const MARGIN = '*';

/** A dimension's value of a cell; a dimension the cell does not name counts as summed over. */
export const valueOf = (cell: StatsCell, dimension: StatsDimension): string =>
  cell.values[dimension] ?? MARGIN;

/**
 * The cells that give a figure for each value of `shown` and sum over every other dimension of
 * the answer: the ones a chart draws, a statement cites or a reader compares.
 */
export function cellsAlong(answer: StatsAnswer, shown: readonly StatsDimension[]): StatsCell[] {
  return answer.cells.filter((cell) =>
    answer.groupBy.every((dimension) => (valueOf(cell, dimension) === MARGIN) !== shown.includes(dimension)),
  );
}

/** The distinct values of a dimension among cells, in their order of first appearance. */
export const distinctValues = (cells: readonly StatsCell[], dimension: StatsDimension): string[] => [
  ...new Set(cells.map((cell) => valueOf(cell, dimension))),
];

export const TIME_DIMENSIONS: readonly StatsDimension[] = ['month', 'quarter', 'year'];
