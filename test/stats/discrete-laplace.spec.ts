import { sampleDiscreteLaplace } from '../../src/stats/privacy/discrete-laplace';

describe('exact discrete Laplace sampler', () => {
  it('matches P(x) ∝ exp(−|x|/t) by a chi-square test at significance 0.001', () => {
    const scale = 2;
    const draws = 20_000;
    const edge = 6; // bins −6..6, plus the two tails beyond
    const observed = new Map<number, number>();
    for (let i = 0; i < draws; i++) {
      const x = sampleDiscreteLaplace(scale);
      expect(Number.isInteger(x)).toBe(true);
      const bin = Math.max(-edge - 1, Math.min(edge + 1, x));
      observed.set(bin, (observed.get(bin) ?? 0) + 1);
    }
    const q = Math.exp(-1 / scale);
    const pmf = (x: number): number => ((1 - q) / (1 + q)) * q ** Math.abs(x);
    const tail = ((1 - q) / (1 + q)) * (q ** (edge + 1) / (1 - q));
    let chiSquare = 0;
    for (let bin = -edge - 1; bin <= edge + 1; bin++) {
      const p = Math.abs(bin) === edge + 1 ? tail : pmf(bin);
      const expected = p * draws;
      chiSquare += ((observed.get(bin) ?? 0) - expected) ** 2 / expected;
    }
    // 15 bins → 14 degrees of freedom; the 0.999 quantile of χ²(14) is 36.12.
    expect(chiSquare).toBeLessThan(36.12);
  });

  it('refuses a non-integer or non-positive scale', () => {
    expect(() => sampleDiscreteLaplace(0)).toThrow(RangeError);
    expect(() => sampleDiscreteLaplace(1.5)).toThrow(RangeError);
  });
});
