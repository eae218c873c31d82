import chiSquareQuantile from '@stdlib/stats-base-dists-chisquare-quantile';

/** The discrete Laplace pmf and two-sided tail with scale t: P(x) = (1−q)/(1+q)·q^|x|, q = e^(−1/t). */
export function discreteLaplace(scale: number) {
  const q = Math.exp(-1 / scale);
  return {
    pmf: (x: number) => ((1 - q) / (1 + q)) * q ** Math.abs(x),
    /** P(X ≥ k) for k ≥ 1 (= P(X ≤ −k)). */
    tail: (k: number) => q ** k / (1 + q),
  };
}

export interface ChiSquareResult {
  statistic: number;
  degreesOfFreedom: number;
  /** The (1 − α) quantile of χ²(degreesOfFreedom): the fit is rejected above it. */
  critical: number;
  /** Each bin's expected count, after merging (every one is ≥ 5). */
  expected: number[];
}

/**
 * Pearson's chi-square goodness of fit of integer draws to a symmetric distribution on the
 * integers: bins −K … K plus the two tails beyond, then neighbouring bins merged from the left
 * until each expects at least 5 draws (the last short one joins its neighbour). No parameter is
 * estimated from the draws, so the degrees of freedom are bins − 1.
 */
export function chiSquareFit(
  draws: readonly number[],
  distribution: { pmf: (x: number) => number; tail: (k: number) => number },
  alpha: number,
): ChiSquareResult {
  const n = draws.length;
  const K = 200;
  const counts = new Map<number, number>();
  for (const x of draws) {
    const bin = Math.max(-K - 1, Math.min(K + 1, x));
    counts.set(bin, (counts.get(bin) ?? 0) + 1);
  }
  const raw: { expected: number; observed: number }[] = [];
  for (let bin = -K - 1; bin <= K + 1; bin++) {
    const p = Math.abs(bin) === K + 1 ? distribution.tail(K + 1) : distribution.pmf(bin);
    raw.push({ expected: p * n, observed: counts.get(bin) ?? 0 });
  }
  const merged: { expected: number; observed: number }[] = [];
  let current = { expected: 0, observed: 0 };
  for (const bin of raw) {
    current = { expected: current.expected + bin.expected, observed: current.observed + bin.observed };
    if (current.expected >= 5) {
      merged.push(current);
      current = { expected: 0, observed: 0 };
    }
  }
  const last = merged[merged.length - 1];
  merged[merged.length - 1] = {
    expected: last.expected + current.expected,
    observed: last.observed + current.observed,
  };
  const statistic = merged.reduce((sum, b) => sum + (b.observed - b.expected) ** 2 / b.expected, 0);
  const degreesOfFreedom = merged.length - 1;
  return {
    statistic,
    degreesOfFreedom,
    critical: chiSquareQuantile(1 - alpha, degreesOfFreedom),
    expected: merged.map((b) => b.expected),
  };
}
