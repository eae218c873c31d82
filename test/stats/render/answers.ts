import type { StatsAnswer, StatsCell, StatsProtection } from '../../../src/stats/stats-answer';

/** Test answers as the query service hands them to outputs: protected figures only. */
export const protection = (overrides: Partial<StatsProtection> = {}): StatsProtection => ({
  audience: 'public',
  threshold: 10,
  roundingBase: 5,
  method: 'optimal',
  releaseId: 'rel_0001',
  ...overrides,
});

export const published = (values: Record<string, string>, count: number): StatsCell => ({
  values,
  suppressed: false,
  count,
});

export const suppressed = (
  values: Record<string, string>,
  reason: 'primary' | 'secondary' | 'ledger' = 'primary',
): StatsCell => ({ values, suppressed: true, reason });

export const answer = (overrides: Partial<StatsAnswer>): StatsAnswer => ({
  subject: 'reports',
  groupBy: [],
  from: '2019-01',
  to: '2019-03',
  cells: [],
  protection: protection(),
  ...overrides,
});
