import { randomInt } from 'node:crypto';

/**
 * Exact discrete Laplace sampler (Canonne, Kamath and Steinke 2020, algorithm 2): P(x) ∝
 * exp(−|x|/scale) over the integers, for an integer scale, using only integer arithmetic and
 * uniform integers from the operating system's CSPRNG — no floating point anywhere, so no
 * floating-point Laplace attack (Mironov 2012).
 */
export type UniformInt = (exclusiveMax: number) => number;

const systemUniform: UniformInt = (exclusiveMax) => randomInt(exclusiveMax);

/** Bernoulli(numerator/denominator). */
function bernoulli(numerator: number, denominator: number, uniform: UniformInt): boolean {
  return uniform(denominator) < numerator;
}

/** Bernoulli(exp(−numerator/denominator)) for 0 ≤ numerator/denominator ≤ 1. */
function bernoulliExpSmall(numerator: number, denominator: number, uniform: UniformInt): boolean {
  let k = 1;
  while (bernoulli(numerator, denominator * k, uniform)) k += 1;
  return k % 2 === 1;
}

/** Bernoulli(exp(−numerator/denominator)) for any non-negative rational. */
function bernoulliExp(numerator: number, denominator: number, uniform: UniformInt): boolean {
  let remaining = numerator;
  while (remaining > denominator) {
    if (!bernoulliExpSmall(1, 1, uniform)) return false;
    remaining -= denominator;
  }
  return bernoulliExpSmall(remaining, denominator, uniform);
}

export function sampleDiscreteLaplace(scale: number, uniform: UniformInt = systemUniform): number {
  if (!Number.isSafeInteger(scale) || scale < 1) throw new RangeError('scale must be a positive integer');
  for (;;) {
    const u = uniform(scale);
    if (!bernoulliExp(u, scale, uniform)) continue;
    let v = 0;
    while (bernoulliExp(1, 1, uniform)) v += 1;
    const magnitude = u + scale * v;
    const negative = bernoulli(1, 2, uniform);
    if (negative && magnitude === 0) continue;
    return negative ? -magnitude : magnitude;
  }
}
