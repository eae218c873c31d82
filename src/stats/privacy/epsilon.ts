import { positiveRational, type PositiveRational } from './rational';

/**
 * A privacy-loss parameter ε, held exactly as a whole number of millionths (micro-epsilon): the
 * configuration is parsed into it, the budget table stores it (a bigint column, so sums are exact
 * and a budget is spent to its last millionth, never lost to floating-point rounding) and the
 * sampler's scale is built from it as a rational.
 */
export type MicroEpsilon = number;

const MICRO_PER_EPSILON = 1_000_000;

/** The configuration parses ε (config cannot depend on features, so the parser lives there). */
export { parseEpsilon } from '../../config/sections/stats-privacy.section';

/** ε as a number, for answers and messages (a decimal of ≤ 6 places prints exactly). */
export function epsilonValue(epsilon: MicroEpsilon): number {
  return epsilon / MICRO_PER_EPSILON;
}

/**
 * The discrete Laplace scale t = Δ/ε for sensitivity Δ, exactly (P(x) ∝ exp(−|x|/t) gives ε-DP for
 * a query whose L1 sensitivity is Δ).
 */
export function noiseScale(epsilon: MicroEpsilon, sensitivity: number): PositiveRational {
  if (!Number.isSafeInteger(epsilon) || epsilon < 1) throw new RangeError('ε must be at least 0.000001');
  if (!Number.isSafeInteger(sensitivity) || sensitivity < 1)
    throw new RangeError('the sensitivity must be a positive integer');
  return positiveRational(BigInt(sensitivity) * BigInt(MICRO_PER_EPSILON), BigInt(epsilon));
}
