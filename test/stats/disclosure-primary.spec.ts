import { primarySensitive } from '../../src/stats/disclosure/primary';
import { protectTable } from '../../src/stats/disclosure/protect';
import { roundDeterministically } from '../../src/stats/disclosure/rounding';
import type { TableCell } from '../../src/stats/disclosure/table';

const cell = (key: string, value: number, structural = false): TableCell => ({
  key,
  atoms: [key],
  value,
  structural,
});

describe('primary suppression', () => {
  it('suppresses 1..threshold−1 and publishes the threshold itself', () => {
    const cells = [0, 1, 4, 5, 6, 9, 10].map((v, i) => cell(`c${i}`, v));
    expect([...primarySensitive(cells, [], 5)].sort()).toEqual([1, 2]);
    expect([...primarySensitive(cells, [], 10)].sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('suppresses a zero that discloses (the whole row in one other cell) but not a structural zero', () => {
    const cells = [cell('total', 12), cell('a', 12), cell('b', 0), cell('c', 0, true)];
    const sensitive = primarySensitive(cells, [{ total: 0, parts: [1, 2, 3] }], 5);
    expect(sensitive.has(2)).toBe(true);
    expect(sensitive.has(3)).toBe(false);
  });

  it('keeps an ordinary zero in a spread row published', () => {
    const cells = [cell('total', 30), cell('a', 12), cell('b', 18), cell('c', 0)];
    expect(primarySensitive(cells, [{ total: 0, parts: [1, 2, 3] }], 5).size).toBe(0);
  });

  it('publishes a structural zero as 0 after protection', async () => {
    const cells = [cell('t', 40), cell('a', 22), cell('b', 18), cell('s', 0, true)];
    const result = await protectTable(cells, [{ total: 0, parts: [1, 2, 3] }], [], {
      threshold: 5,
      roundingBase: 5,
      timeLimitMs: 5000,
    });
    expect(result.cells[3]).toEqual({ key: 's', suppressed: false, value: 0 });
  });
});

describe('deterministic rounding', () => {
  it('rounds the same cell the same way every time and in any order', () => {
    const keys = Array.from({ length: 200 }, (_, i) => [`cell-${i}`, 5 + ((i * 7) % 50)] as const);
    const forward = keys.map(([k, v]) => roundDeterministically(k, v, 5));
    const backward = [...keys].reverse().map(([k, v]) => roundDeterministically(k, v, 5));
    expect(backward.reverse()).toEqual(forward);
    forward.forEach((rounded, i) => {
      expect(rounded % 5).toBe(0);
      expect(Math.abs(rounded - keys[i][1])).toBeLessThan(5);
    });
  });

  it('is unbiased over many cells (mean rounding error near zero)', () => {
    let error = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) error += roundDeterministically(`k${i}`, 7, 5) - 7;
    // Rounds up with probability 2/5 (+3) and down 3/5 (−2): expected error 0.
    expect(Math.abs(error / n)).toBeLessThan(0.1);
  });

  it('leaves multiples of the base unchanged', () => {
    expect(roundDeterministically('x', 40, 5)).toBe(40);
  });

  it('keyed by a secret, the coin is the HMAC: deterministic per key, and another key (or none) rounds other cells', () => {
    const keyA = new Uint8Array(32).fill(1);
    const keyB = new Uint8Array(32).fill(2);
    const cells = Array.from({ length: 400 }, (_, i) => `k${i}`);
    const round = (key?: Uint8Array) => cells.map((k) => roundDeterministically(k, 7, 5, key));
    expect(round(keyA)).toEqual(round(keyA));
    // Each of the three coins agrees with another on a cell 13/25 of the time; on 400 cells they
    // differ somewhere with certainty (and an unkeyed attacker cannot reproduce the keyed one).
    expect(round(keyA)).not.toEqual(round(keyB));
    expect(round(keyA)).not.toEqual(round());
    for (const rounded of round(keyA)) expect([5, 10]).toContain(rounded);
    // Still unbiased: 7 rounds up with probability 2/5.
    const up = round(keyA).filter((r) => r === 10).length / cells.length;
    expect(up).toBeGreaterThan(0.3);
    expect(up).toBeLessThan(0.5);
  });
});
