import type { MarginEquation, TableCell } from '../../src/stats/disclosure/table';

/** A seeded generator (mulberry32), so a failing table can be reproduced from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A table over `sizes.length` dimensions with every margin: each cell fixes every dimension
 * to a value or to "total"; atoms are the interior combinations.
 */
export function generatedTable(
  sizes: readonly number[],
  count: (interior: readonly number[]) => number,
  prefix = 't',
): { cells: TableCell[]; equations: MarginEquation[] } {
  const TOTAL = -1;
  const combos = (choices: readonly number[][]): number[][] =>
    choices.reduce<number[][]>((acc, options) => acc.flatMap((c) => options.map((o) => [...c, o])), [[]]);
  const interior = combos(sizes.map((size) => [...Array(size).keys()]));
  const values = new Map(interior.map((combo) => [combo.join(','), count(combo)]));
  const all = combos(sizes.map((size) => [TOTAL, ...Array(size).keys()]));
  const indexOf = new Map(all.map((combo, index) => [combo.join(','), index]));
  const cells = all.map((combo) => {
    const atoms = interior.filter((inner) => combo.every((v, d) => v === TOTAL || v === inner[d]));
    return {
      key: `${prefix}|${combo.join(',')}`,
      atoms: atoms.map((inner) => `${prefix}:${inner.join(',')}`),
      value: atoms.reduce((sum, inner) => sum + (values.get(inner.join(',')) ?? 0), 0),
    };
  });
  const equations: MarginEquation[] = [];
  all.forEach((combo, index) => {
    combo.forEach((v, d) => {
      if (v !== TOTAL) return;
      const parts = [...Array(sizes[d]).keys()].map((value) => {
        const part = [...combo];
        part[d] = value;
        return indexOf.get(part.join(','))!;
      });
      equations.push({ total: index, parts });
    });
  });
  return { cells, equations };
}
