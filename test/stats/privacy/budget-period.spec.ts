import { periodOf } from '../../../src/stats/privacy/budget-period';

describe('budget periods (calendar months and quarters, UTC)', () => {
  it.each([
    [Date.UTC(2026, 0, 1, 0, 0, 0), 'month', '2026-01-01', '2026-02-01'],
    [Date.UTC(2026, 11, 31, 23, 59, 59, 999), 'month', '2026-12-01', '2027-01-01'],
    [Date.UTC(2026, 1, 28, 12), 'month', '2026-02-01', '2026-03-01'],
    [Date.UTC(2026, 0, 1), 'quarter', '2026-01-01', '2026-04-01'],
    [Date.UTC(2026, 2, 31, 23, 59, 59, 999), 'quarter', '2026-01-01', '2026-04-01'],
    [Date.UTC(2026, 3, 1), 'quarter', '2026-04-01', '2026-07-01'],
    [Date.UTC(2026, 10, 15), 'quarter', '2026-10-01', '2027-01-01'],
  ] as const)('%d in a %s: %s until %s', (ms, period, start, next) => {
    expect(periodOf(ms, period)).toEqual({ start, next });
  });
});
