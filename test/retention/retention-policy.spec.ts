import {
  DAY_MS,
  deletableAt,
  isDue,
  policyDays,
  truncateToHour,
  truncateToMonth,
} from '../../src/retention/retention-policy';

const ended = Date.UTC(2026, 2, 10, 14, 33, 12, 345);

describe('retention policy', () => {
  it('uses the design defaults', () => {
    expect(policyDays('report.spam')).toBe(7);
    expect(policyDays('report.no_action')).toBe(90);
    expect(policyDays('report.duplicate')).toBe(90);
    expect(policyDays('case.closed')).toBe(365);
    expect(policyDays('case.rejected')).toBe(90);
    expect(policyDays('receipt.decided')).toBe(90);
  });

  it('is due exactly when the policy has run out, not a millisecond before', () => {
    const subject = { kind: 'report.spam' as const, endedAt: ended, legalHold: false, postponedUntil: null };
    expect(isDue(subject, ended + 7 * DAY_MS - 1)).toBe(false);
    expect(isDue(subject, ended + 7 * DAY_MS)).toBe(true);
  });

  it('takes a form override', () => {
    const subject = { kind: 'report.spam' as const, endedAt: ended, legalHold: false, postponedUntil: null };
    expect(isDue(subject, ended + 2 * DAY_MS, { 'report.spam': 1 })).toBe(true);
    expect(isDue(subject, ended + 2 * DAY_MS)).toBe(false);
  });

  it('respects a postponement past the policy and ignores one inside it', () => {
    const later = ended + 400 * DAY_MS;
    const postponed = {
      kind: 'case.closed' as const,
      endedAt: ended,
      legalHold: false,
      postponedUntil: later,
    };
    expect(deletableAt(postponed)).toBe(later);
    expect(isDue(postponed, ended + 366 * DAY_MS)).toBe(false);
    const early = { ...postponed, postponedUntil: ended + DAY_MS };
    expect(deletableAt(early)).toBe(ended + 365 * DAY_MS);
  });

  it('never deletes under a legal hold', () => {
    const held = { kind: 'report.spam' as const, endedAt: ended, legalHold: true, postponedUntil: null };
    expect(deletableAt(held)).toBeNull();
    expect(isDue(held, ended + 10_000 * DAY_MS)).toBe(false);
  });

  it('truncates to the UTC month and hour', () => {
    expect(new Date(truncateToMonth(ended)).toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(new Date(truncateToHour(ended)).toISOString()).toBe('2026-03-10T14:00:00.000Z');
  });
});
