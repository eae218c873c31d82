/** A positive rational number, exactly: numerator / denominator, both positive and coprime. */
export interface PositiveRational {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
};

/** numerator / denominator in lowest terms; refuses zero, negatives and a zero denominator. */
export function positiveRational(numerator: bigint, denominator: bigint): PositiveRational {
  if (numerator < 1n || denominator < 1n) throw new RangeError('a positive rational needs positive terms');
  const divisor = gcd(numerator, denominator);
  return { numerator: numerator / divisor, denominator: denominator / divisor };
}
