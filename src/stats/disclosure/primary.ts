import type { MarginEquation, TableCell } from './table';

/**
 * Primary suppression. A count from 1 to threshold−1 is sensitive. A zero is sensitive when it
 * discloses: it is not structural and sits in a margin equation whose positive total falls
 * entirely into one other part ("everyone counted in this row has that attribute", group
 * disclosure). A structural zero (impossible by definition) is published as 0.
 */
export function primarySensitive(
  cells: readonly TableCell[],
  equations: readonly MarginEquation[],
  threshold: number,
): Set<number> {
  const sensitive = new Set<number>();
  cells.forEach((cell, index) => {
    if (cell.value >= 1 && cell.value < threshold) sensitive.add(index);
  });
  for (const equation of equations) {
    if (cells[equation.total].value <= 0) continue;
    const nonZero = equation.parts.filter((part) => cells[part].value > 0);
    if (nonZero.length !== 1) continue;
    for (const part of equation.parts) {
      if (cells[part].value === 0 && !cells[part].structural) sensitive.add(part);
    }
  }
  return sensitive;
}
