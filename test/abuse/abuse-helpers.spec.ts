import { createHash } from 'node:crypto';
import { LocalWindowCounter } from '../../src/abuse/local-window-counter';
import { proofBits, solveChallenge } from '../../src/abuse/proof-of-work';
import { SizeLimits } from '../../src/abuse/size-limits';
import { AppError } from '../../src/common/errors';
import { loadConfig } from '../../src/config';

describe('proof-of-work arithmetic', () => {
  it('counts the leading zero bits of SHA-256(challenge ‖ nonce)', () => {
    for (const [challenge, nonce] of [
      ['AAAAAAAAAAAAAAAAAAAAAA', '0'],
      ['abc', 'def'],
      ['x', '12345'],
    ]) {
      const digest = createHash('sha256')
        .update(challenge + nonce)
        .digest();
      const binary = [...digest].map((b) => b.toString(2).padStart(8, '0')).join('');
      expect(proofBits(challenge, nonce)).toBe(binary.indexOf('1'));
    }
  });

  it('finds nonces that meet the difficulty', () => {
    for (const bits of [1, 4, 8, 12]) {
      const nonce = solveChallenge('BBBBBBBBBBBBBBBBBBBBBB', bits);
      expect(proofBits('BBBBBBBBBBBBBBBBBBBBBB', nonce)).toBeGreaterThanOrEqual(bits);
    }
  });
});

describe('size limits of a parsed body', () => {
  const limits = new SizeLimits(loadConfig({ INTAKE_MAX_FIELD_BYTES: '100', INTAKE_MAX_JSON_DEPTH: '4' }));
  const codeOf = (body: unknown) => {
    try {
      limits.assertBodyWithinLimits(body);
      return 'ok';
    } catch (error) {
      return (error as AppError).code;
    }
  };

  it('accepts ordinary bodies', () => {
    expect(codeOf({ answers: { a: 'x'.repeat(100), b: ['one', 'two'], c: true, d: null } })).toBe('ok');
  });

  it('counts UTF-8 bytes, not characters, and checks keys too', () => {
    expect(codeOf({ a: 'ж'.repeat(51) })).toBe('FIELD_TOO_LARGE');
    expect(codeOf({ ['k'.repeat(101)]: 1 })).toBe('FIELD_TOO_LARGE');
  });

  it('refuses deep nesting without recursing (a body nested 100,000 deep)', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(codeOf(deep)).toBe('BODY_TOO_COMPLEX');
    // Four levels of containers are allowed, a fifth is not.
    expect(codeOf({ a: { b: { c: { d: 'x' } } } })).toBe('ok');
    expect(codeOf({ a: { b: { c: { d: { e: 'x' } } } } })).toBe('BODY_TOO_COMPLEX');
  });

  it('refuses bodies with too many parts', () => {
    expect(codeOf({ a: Array.from({ length: 20_000 }, () => 1) })).toBe('BODY_TOO_COMPLEX');
  });
});

describe('local fallback counters', () => {
  it('count per key and window, and start again in a new window', () => {
    const counter = new LocalWindowCounter();
    expect([1, 2, 3].map(() => counter.increment('k', 7))).toEqual([1, 2, 3]);
    expect(counter.increment('other', 7)).toBe(1);
    expect(counter.increment('k', 8)).toBe(1);
  });
});
