import {
  CASE_KIND_OF,
  caseReceiptExpired,
  DAY_MS,
  FINISHED_CASE_STATUSES,
  deletableAt,
  isDue,
  policyCutoffs,
  policyDays,
  receiptExpired,
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

describe('per-form cutoffs and receipt expiry', () => {
  const today = '2026-06-20';

  it('a default row per status, and a row per form that overrides the status’s kind', () => {
    const overrides = new Map([
      ['form-a', { 'case.closed': 30 }],
      ['form-b', { 'report.spam': 3 }],
    ]);
    expect(policyCutoffs(CASE_KIND_OF, FINISHED_CASE_STATUSES, today, overrides)).toEqual([
      { status: 'closed', formId: null, cutoff: '2025-06-20' },
      { status: 'rejected', formId: null, cutoff: '2026-03-22' },
      { status: 'closed', formId: 'form-a', cutoff: '2026-05-21' },
    ]);
  });

  it('expires a decided report’s receipt after its policy, never under a hold or undecided', () => {
    expect(receiptExpired({ decidedOn: '2026-03-22', legalHold: false }, today)).toBe(false); // 90 days ago
    expect(receiptExpired({ decidedOn: '2026-03-21', legalHold: false }, today)).toBe(true);
    expect(receiptExpired({ decidedOn: '2026-03-21', legalHold: true }, today)).toBe(false);
    expect(receiptExpired({ decidedOn: null, legalHold: false }, today)).toBe(false);
    expect(
      receiptExpired({ decidedOn: '2026-06-10', legalHold: false }, today, { 'receipt.decided': 5 }),
    ).toBe(true);
  });
});

describe('caseReceiptExpired', () => {
  const today = '2026-06-20';
  it('counts receipt.decided days from the day a case closed or was rejected; open or held keeps it', () => {
    const ended = (status: string, statusDay: string, legalHold = false) => ({
      status,
      statusDay,
      legalHold,
    });
    expect(caseReceiptExpired(ended('closed', '2026-03-21'), today)).toBe(true); // 91 days ago
    expect(caseReceiptExpired(ended('rejected', '2026-03-21'), today)).toBe(true);
    expect(caseReceiptExpired(ended('closed', '2026-03-22'), today)).toBe(false); // 90 days: kept
    expect(caseReceiptExpired(ended('verifying', '2020-01-01'), today)).toBe(false);
    expect(caseReceiptExpired(ended('closed', '2020-01-01', true), today)).toBe(false);
    expect(caseReceiptExpired(ended('closed', '2026-06-09'), today, { 'receipt.decided': 10 })).toBe(true);
    expect(caseReceiptExpired(ended('closed', '2026-06-10'), today, { 'receipt.decided': 10 })).toBe(false);
  });
});
