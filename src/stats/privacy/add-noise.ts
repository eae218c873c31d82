import type { StatsCell, StatsProtection } from '../stats-answer';
import { sampleDiscreteLaplace } from './discrete-laplace';
import { epsilonValue, noiseScale, type MicroEpsilon } from './epsilon';
import type { PositiveRational } from './rational';
import { tableSensitivity, type RawCell } from './table-sensitivity';

/** The noise block of an answer, without the budget (PrivacyBudgetService.spend gives that). */
export type NoiseDescription = Omit<NonNullable<StatsProtection['noise']>, 'remainingBudget'>;

export interface NoisedTable {
  readonly cells: StatsCell[];
  readonly noise: NoiseDescription;
}

export interface AddNoiseOptions {
  /** Published figures are multiples of this (STATS_ROUNDING_BASE); 1 publishes the noised count. */
  readonly roundingBase?: number;
  /** The noise source; the exact CSPRNG sampler unless a test gives another. */
  readonly sample?: (scale: PositiveRational) => bigint;
}

/** x rounded to the nearest multiple of base (halves up), for x ≥ 0. */
function roundToBase(x: bigint, base: bigint): bigint {
  const quotient = x / base;
  return (2n * (x % base) >= base ? quotient + 1n : quotient) * base;
}

/**
 * ε-differentially private counts: every cell's raw count plus independent discrete Laplace noise
 * of scale Δ/ε, where Δ is the table's sensitivity (tableSensitivity: the cells one record can
 * touch); then post-processing of the noised figure only — clipped at zero, rounded to the base —
 * which cannot weaken the guarantee. `cells` must be the table's whole domain, zeros included.
 * `sensitivity` defaults to the computed one; a smaller one is refused (it would break ε).
 * Spend the budget (PrivacyBudgetService.spend) before calling this.
 */
export function addNoise(
  cells: readonly RawCell[],
  epsilon: MicroEpsilon,
  sensitivity: number = tableSensitivity(cells),
  options: AddNoiseOptions = {},
): NoisedTable {
  const least = tableSensitivity(cells);
  if (sensitivity < least) throw new RangeError(`the sensitivity of this table is at least ${least}`);
  const base = options.roundingBase ?? 1;
  if (!Number.isSafeInteger(base) || base < 1)
    throw new RangeError('the rounding base must be a positive integer');
  const sample = options.sample ?? ((scale: PositiveRational) => sampleDiscreteLaplace(scale));
  const scale = noiseScale(epsilon, sensitivity);
  const noised = cells.map((cell): StatsCell => {
    if (!Number.isSafeInteger(cell.count) || cell.count < 0)
      throw new RangeError('a count is a whole number ≥ 0');
    const noisy = BigInt(cell.count) + sample(scale);
    const clipped = noisy < 0n ? 0n : noisy;
    return { values: cell.values, suppressed: false, count: Number(roundToBase(clipped, BigInt(base))) };
  });
  return {
    cells: noised,
    noise: {
      mechanism: 'discrete_laplace',
      epsilon: epsilonValue(epsilon),
      scale: Number(scale.numerator) / Number(scale.denominator),
      sensitivity,
    },
  };
}
