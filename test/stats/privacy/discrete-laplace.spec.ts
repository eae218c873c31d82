import { cryptoUniform } from '../../../src/stats/privacy/crypto-uniform';
import { bernoulliExp, sampleDiscreteLaplace } from '../../../src/stats/privacy/discrete-laplace';
import { noiseScale, parseEpsilon } from '../../../src/stats/privacy/epsilon';
import { positiveRational } from '../../../src/stats/privacy/rational';
import { chiSquareFit, discreteLaplace } from './goodness-of-fit';

/**
 * The sampler against its distribution: a chi-square goodness-of-fit test at significance
 * α = 0.001 (a correct sampler fails it once in a thousand runs), bins merged so that each expects
 * at least 5 draws, 20,000 draws per scale.
 */
const ALPHA = 0.001;
const DRAWS = 20_000;

const drawsAt = (scale: ReturnType<typeof positiveRational>) =>
  Array.from({ length: DRAWS }, () => Number(sampleDiscreteLaplace(scale)));

describe('exact discrete Laplace sampler', () => {
  it('matches P(x) ∝ exp(−|x|/2) (ε = 0.5, sensitivity 1: an integer scale)', () => {
    const scale = noiseScale(parseEpsilon('0.5')!, 1);
    expect(scale).toEqual({ numerator: 2n, denominator: 1n });
    const fit = chiSquareFit(drawsAt(scale), discreteLaplace(2), ALPHA);
    expect(Math.min(...fit.expected)).toBeGreaterThanOrEqual(5);
    expect(fit.degreesOfFreedom).toBeGreaterThan(10);
    expect(fit.statistic).toBeLessThan(fit.critical);
  });

  it('matches P(x) ∝ exp(−|x|·3/10) (ε = 0.3: a scale of 10/3, the floor step of the algorithm)', () => {
    const scale = noiseScale(parseEpsilon('0.3')!, 1);
    expect(scale).toEqual({ numerator: 10n, denominator: 3n });
    const fit = chiSquareFit(drawsAt(scale), discreteLaplace(10 / 3), ALPHA);
    expect(fit.statistic).toBeLessThan(fit.critical);
  });

  it('fails the same check against a wrong scale (the test can fail)', () => {
    const draws = drawsAt(positiveRational(2n, 1n));
    const fit = chiSquareFit(draws, discreteLaplace(2.25), ALPHA);
    expect(fit.statistic).toBeGreaterThan(fit.critical);
    // And draws with a quarter of the +1s moved to 0 (a subtler bias) fail it too.
    const doubledZero = draws.map((x, i) => (x === 1 && i % 4 === 0 ? 0 : x));
    const biased = chiSquareFit(doubledZero, discreteLaplace(2), ALPHA);
    expect(biased.statistic).toBeGreaterThan(biased.critical);
  });

  it('draws Bernoulli(exp(−γ)) exactly for γ below and above one', () => {
    for (const [numerator, denominator] of [
      [1n, 3n],
      [5n, 2n],
    ] as const) {
      const trials = 20_000;
      let successes = 0;
      for (let i = 0; i < trials; i++) if (bernoulliExp(numerator, denominator)) successes += 1;
      const p = Math.exp(-Number(numerator) / Number(denominator));
      // Two bins (success, failure): χ²(1), the 0.999 quantile is 10.83.
      const statistic = (successes - trials * p) ** 2 / (trials * p * (1 - p));
      expect([numerator, statistic < 10.83]).toEqual([numerator, true]);
    }
  });

  it('draws uniform integers above the 2^48 range of crypto.randomInt without bias', () => {
    const range = 3n * 2n ** 60n; // not a power of two: a modulo-biased draw would show
    const thirds = [0, 0, 0];
    const trials = 3_000;
    for (let i = 0; i < trials; i++) {
      const x = cryptoUniform(range);
      expect(x >= 0n && x < range).toBe(true);
      thirds[Number(x / 2n ** 60n)] += 1;
    }
    // Three equal bins: χ²(2), the 0.999 quantile is 13.82.
    const statistic = thirds.reduce((sum, c) => sum + (c - trials / 3) ** 2 / (trials / 3), 0);
    expect(statistic).toBeLessThan(13.82);
  });

  it('refuses a scale that is not a positive rational', () => {
    expect(() => positiveRational(0n, 1n)).toThrow(RangeError);
    expect(() => sampleDiscreteLaplace({ numerator: 1n, denominator: 0n })).toThrow(RangeError);
    expect(() => noiseScale(0, 1)).toThrow(RangeError);
    expect(() => noiseScale(500_000, 0)).toThrow(RangeError);
  });
});
