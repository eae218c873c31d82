import { addNoise } from '../../../src/stats/privacy/add-noise';
import type { PositiveRational } from '../../../src/stats/privacy/rational';
import type { RawCell } from '../../../src/stats/privacy/table-sensitivity';

const cell = (region: string, count: number): RawCell => ({ values: { region }, count });
const regions = (counts: number[]): RawCell[] => counts.map((c, i) => cell(`r${i}`, c));

/** A noise source that hands out the given draws in turn and records the scales it was asked for. */
function scripted(draws: bigint[]) {
  const scales: PositiveRational[] = [];
  let next = 0;
  return {
    scales,
    sample: (scale: PositiveRational) => {
      scales.push(scale);
      return draws[next++];
    },
  };
}

describe('addNoise', () => {
  it('adds the noise, then clips at zero and rounds to the base (halves up), in that order', () => {
    const noise = scripted([-7n, 1n, 2n, -3n, 0n]);
    const { cells } = addNoise(regions([3, 12, 0, 2, 40]), 500_000, undefined, {
      roundingBase: 5,
      sample: noise.sample,
    });
    // 3−7 = −4 → 0; 12+1 = 13 → 15; 0+2 = 2 → 0; 2−3 = −1 → 0; 40 → 40.
    expect(cells.map((c) => (c.suppressed ? null : c.count))).toEqual([0, 15, 0, 0, 40]);
    expect(cells.every((c) => c.suppressed === false)).toBe(true);
    expect(cells.map((c) => c.values)).toEqual(regions([3, 12, 0, 2, 40]).map((c) => c.values));
    // 2.5 → 5 (half up), 7 → 5, 8 → 10: rounding happens on the noised figure only.
    const halves = addNoise(regions([0, 0, 0]), 500_000, undefined, {
      roundingBase: 5,
      sample: scripted([3n, 7n, 8n]).sample,
    });
    expect(halves.cells.map((c) => (c.suppressed ? null : c.count))).toEqual([5, 5, 10]);
  });

  it('draws each cell with scale Δ/ε and states mechanism, ε, scale and sensitivity', () => {
    const withTotal = [...regions([4, 9]), { values: { region: '*' }, count: 13 }];
    const noise = scripted([0n, 0n, 0n]);
    const { noise: block } = addNoise(withTotal, 500_000, undefined, { sample: noise.sample });
    // One record touches its region and the total: Δ = 2, scale 2/0.5 = 4.
    expect(noise.scales).toEqual(Array(3).fill({ numerator: 4n, denominator: 1n }));
    expect(block).toEqual({ mechanism: 'discrete_laplace', epsilon: 0.5, scale: 4, sensitivity: 2 });
    const thirds = scripted([0n, 0n]);
    expect(addNoise(regions([1, 2]), 300_000, undefined, { sample: thirds.sample }).noise.scale).toBeCloseTo(
      10 / 3,
    );
    expect(thirds.scales[0]).toEqual({ numerator: 10n, denominator: 3n });
  });

  it('is never negative and always a multiple of the base with the real sampler (zeros, wide noise)', () => {
    const { cells } = addNoise(regions(Array(2_000).fill(0)), 50_000, undefined, { roundingBase: 5 });
    const counts = cells.map((c) => (c.suppressed ? NaN : c.count));
    expect(counts.every((c) => Number.isInteger(c) && c >= 0 && c % 5 === 0)).toBe(true);
    // The noise is there: at scale 20 most zero cells come out above zero, some at 0.
    expect(counts.filter((c) => c > 0).length).toBeGreaterThan(500);
    expect(counts.filter((c) => c === 0).length).toBeGreaterThan(500);
  });

  it('refuses an understated sensitivity, a bad count or rounding base', () => {
    const withTotal = [...regions([4, 9]), { values: { region: '*' }, count: 13 }];
    expect(() => addNoise(withTotal, 500_000, 1)).toThrow(/at least 2/);
    expect(addNoise(withTotal, 500_000, 3, { sample: () => 0n }).noise).toMatchObject({
      sensitivity: 3,
      scale: 6,
    });
    expect(() => addNoise(regions([-1]), 500_000)).toThrow(RangeError);
    expect(() => addNoise(regions([1.5]), 500_000)).toThrow(RangeError);
    expect(() => addNoise(regions([1]), 500_000, undefined, { roundingBase: 0 })).toThrow(RangeError);
  });
});
