import { feasibleIntervals } from '../../src/stats/disclosure/attack';
import { attackBounds } from './attacker';
import { generatedTable, seededRandom } from './table-generator';

/**
 * The engine's interval computation (presolve by substitution, one LP per sense over copies of
 * the connected equations) against the independent attacker (one plain LP per bound), on
 * generated tables with random suppression patterns: the same interval for every suppressed cell.
 */
describe('feasibleIntervals agrees with the plain LP attacker', () => {
  jest.setTimeout(120_000);

  it.each([1, 2, 3, 4, 5, 6])('seed %i', async (seed) => {
    const random = seededRandom(seed);
    const sizes = seed % 2 === 0 ? [4, 5] : [3, 3, 2];
    const { cells } = generatedTable(sizes, () => Math.floor(random() * 30));
    const hidden = cells.map(() => random() < 0.35);
    expect(hidden.some(Boolean)).toBe(true);
    const system = cells.map((cell, i) => ({ atoms: cell.atoms, value: hidden[i] ? undefined : cell.value }));
    // The first target twice (as a rerun's ledger cell repeats one of this table's).
    const suppressedAtoms = cells.filter((_, i) => hidden[i]).map((cell) => cell.atoms);
    const targets = [...suppressedAtoms, suppressedAtoms[0]];
    const engine = await feasibleIntervals(system, targets);
    const reference = await attackBounds(
      cells.filter((_, i) => !hidden[i]),
      targets,
    );
    engine.forEach((interval, i) => {
      expect(interval.lower).toBeCloseTo(reference[i].lower, 6);
      if (reference[i].upper === Infinity) expect(interval.upper).toBe(Infinity);
      else expect(interval.upper).toBeCloseTo(reference[i].upper, 6);
    });
  });
});
