import { CASE_STATUSES } from '../../src/cases/case-status';
import {
  REPORTER_STATUS_BY_CASE_STATUS,
  reporterStatusOfCase,
} from '../../src/case-messages/case-reporter-status';

describe('reporter-facing status of a case', () => {
  it('maps every case status to one of the four coarse stages', () => {
    expect(Object.keys(REPORTER_STATUS_BY_CASE_STATUS).sort()).toEqual([...CASE_STATUSES].sort());
    expect(CASE_STATUSES.map((s) => [s, reporterStatusOfCase(s)])).toEqual([
      ['verifying', 'in_review'],
      ['accepted', 'in_progress'],
      ['planning', 'in_progress'],
      ['in_transit', 'in_progress'],
      ['sheltered', 'in_progress'],
      ['relocated', 'in_progress'],
      ['closed', 'closed'],
      ['on_hold', 'in_progress'],
      ['rejected', 'closed'],
    ]);
  });

  it('an unknown status (a later one) tells the reporter no more than "in review"', () => {
    expect(reporterStatusOfCase('something_new')).toBe('in_review');
  });
});
