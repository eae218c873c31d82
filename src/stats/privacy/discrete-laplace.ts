import { cryptoUniform, type UniformBigInt } from './crypto-uniform';
import type { PositiveRational } from './rational';

/**
 * Exact discrete Laplace sampler (Canonne, Kamath and Steinke, "The Discrete Gaussian for
 * Differential Privacy", 2020, algorithms 1 and 2): P(x) = (1−q)/(1+q)·q^|x| with q = exp(−1/t)
 * over the integers, for any positive rational scale t. Only integer arithmetic on BigInts and
 * uniform integers from the CSPRNG: every Bernoulli trial is `uniform(denominator) < numerator`,
 * so no floating-point value is ever computed, and none of the floating-point Laplace attacks
 * (Mironov 2012: gaps and biased low bits that reveal the true count) apply.
 */

/** Bernoulli(numerator / denominator), exactly, for 0 ≤ numerator ≤ denominator. */
function bernoulli(numerator: bigint, denominator: bigint, uniform: UniformBigInt): boolean {
  return uniform(denominator) < numerator;
}

/**
 * Bernoulli(exp(−γ)) for γ = numerator/denominator in [0, 1] (CKS algorithm 1): the parity of the
 * first K with a failed Bernoulli(γ/K) trial; P(K odd) = Σ (−γ)^k / k! = exp(−γ).
 */
function bernoulliExpUpToOne(numerator: bigint, denominator: bigint, uniform: UniformBigInt): boolean {
  let k = 1n;
  while (bernoulli(numerator, denominator * k, uniform)) k += 1n;
  return k % 2n === 1n;
}

/** Bernoulli(exp(−γ)) for any rational γ ≥ 0: exp(−1) once per whole unit, then the fraction. */
export function bernoulliExp(numerator: bigint, denominator: bigint, uniform: UniformBigInt = cryptoUniform) {
  if (numerator < 0n || denominator < 1n) throw new RangeError('γ must be a non-negative rational');
  let remaining = numerator;
  while (remaining > denominator) {
    if (!bernoulliExpUpToOne(1n, 1n, uniform)) return false;
    remaining -= denominator;
  }
  return bernoulliExpUpToOne(remaining, denominator, uniform);
}

/**
 * One draw of discrete Laplace noise with scale t = n/d (CKS algorithm 2): X = U + n·V, with U
 * uniform on [0, n) kept with probability exp(−U/n) and V geometric (continue with probability
 * exp(−1)), has P(X = x) ∝ exp(−x/n); ⌊X/d⌋ then has P(y) ∝ exp(−y·d/n) = exp(−y/t). A random
 * sign, with "−0" rejected so that zero is not counted twice, makes it two-sided.
 */
export function sampleDiscreteLaplace(
  scale: PositiveRational,
  uniform: UniformBigInt = cryptoUniform,
): bigint {
  const { numerator: n, denominator: d } = scale;
  if (n < 1n || d < 1n) throw new RangeError('the scale must be a positive rational');
  for (;;) {
    const u = uniform(n);
    if (!bernoulliExp(u, n, uniform)) continue;
    let v = 0n;
    while (bernoulliExp(1n, 1n, uniform)) v += 1n;
    const magnitude = (u + n * v) / d; // BigInt division: the floor, for non-negative terms
    const negative = bernoulli(1n, 2n, uniform);
    if (negative && magnitude === 0n) continue;
    return negative ? -magnitude : magnitude;
  }
}
