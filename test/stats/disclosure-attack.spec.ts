import { protectTable } from '../../src/stats/disclosure/protect';
import type { LedgerCell, MarginEquation, TableCell } from '../../src/stats/disclosure/table';
import { attackBounds } from './attacker';
import { generatedTable, seededRandom } from './table-generator';

const params = { threshold: 5, roundingBase: 5, timeLimitMs: 5_000 };

/** Protects, then attacks with the true values of every published cell (stronger than rounded). */
async function narrowestSuppressedWidth(
  cells: TableCell[],
  equations: MarginEquation[],
  ledger: LedgerCell[] = [],
): Promise<{ width: number; suppressed: number; published: Map<string, number> }> {
  const result = await protectTable(cells, equations, ledger, params);
  const published = cells.filter((_, i) => !result.cells[i].suppressed);
  const hidden = cells.filter((_, i) => result.cells[i].suppressed);
  const earlierPublished = ledger.filter((cell) => !cell.suppressed);
  const earlierHidden = ledger.filter((cell) => cell.suppressed).map((cell) => cell.atoms);
  const bounds = await attackBounds(
    [...published, ...earlierPublished],
    [...hidden.map((c) => c.atoms), ...earlierHidden],
  );
  const width = Math.min(Infinity, ...bounds.map((b) => b.upper - b.lower));
  const values = new Map<string, number>();
  result.cells.forEach((cell) => {
    if (!cell.suppressed) values.set(cell.key, cell.value);
  });
  return { width, suppressed: hidden.length, published: values };
}

describe('secondary suppression against an LP attacker', () => {
  jest.setTimeout(120_000);

  it.each([
    [1, [4, 3]],
    [2, [5, 4]],
    [3, [3, 3, 2]],
    [4, [4, 3, 2]],
    [5, [2, 2, 2, 2]],
    [6, [3, 2, 2, 2]],
  ])(
    'generated table seed %i sizes %j: every suppressed cell keeps an interval ≥ threshold',
    async (seed, sizes) => {
      const random = seededRandom(seed);
      const { cells, equations } = generatedTable(sizes, () => {
        const r = random();
        return r < 0.25 ? 0 : r < 0.6 ? 1 + Math.floor(random() * 4) : 5 + Math.floor(random() * 40);
      });
      const { width, suppressed } = await narrowestSuppressedWidth(cells, equations);
      expect(suppressed).toBeGreaterThan(0);
      expect(width).toBeGreaterThanOrEqual(params.threshold);
    },
  );

  it('two suppressed singletons in one row are not recovered from the row total', async () => {
    const grid = [
      [1, 1, 20, 30],
      [12, 15, 22, 9],
      [8, 30, 11, 14],
    ];
    const { cells, equations } = generatedTable([3, 4], ([r, c]) => grid[r][c]);
    const { width, suppressed } = await narrowestSuppressedWidth(cells, equations);
    expect(suppressed).toBeGreaterThanOrEqual(4);
    expect(width).toBeGreaterThanOrEqual(params.threshold);
  });

  it('Jan–Mar after Jan–Feb with March suppressed: differencing recovers nothing', async () => {
    // Earlier release: months Jan, Feb, Mar by one category with the Jan–Feb total published.
    const months = [40, 35, 2];
    const atom = (m: number): string => `m${m}`;
    const earlier: LedgerCell[] = [
      { atoms: [atom(0), atom(1)], value: months[0] + months[1], suppressed: false },
      { atoms: [atom(2)], value: months[2], suppressed: true },
    ];
    const cells: TableCell[] = [{ key: 'jan-mar', atoms: [atom(0), atom(1), atom(2)], value: 77 }];
    const { width, published } = await narrowestSuppressedWidth(cells, [], earlier);
    expect(published.has('jan-mar')).toBe(false);
    expect(width).toBeGreaterThanOrEqual(params.threshold);
  });

  it('a region total minus its published districts does not recover a suppressed district', async () => {
    const districts = [30, 25, 3];
    const earlier: LedgerCell[] = districts.map((value, d) => ({
      atoms: [`d${d}`],
      value,
      suppressed: value < params.threshold,
    }));
    const cells: TableCell[] = [{ key: 'region', atoms: ['d0', 'd1', 'd2'], value: 58 }];
    const { width, published } = await narrowestSuppressedWidth(cells, [], earlier);
    expect(published.has('region')).toBe(false);
    expect(width).toBeGreaterThanOrEqual(params.threshold);
  });
});
