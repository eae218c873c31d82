import { jobOptions } from '../../src/outbox/job-options';
import { TRIAGE_JOB_KIND } from '../../src/intake/triage-job';

describe('job options', () => {
  it('a kind without a job id (the triage job) gets a fresh random id and leaves no record once done or failed', () => {
    expect('jobId' in TRIAGE_JOB_KIND).toBe(false);
    const a = jobOptions(undefined);
    const b = jobOptions(undefined);
    expect(a.jobId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.jobId).not.toBe(b.jobId);
    expect(a).toMatchObject({ removeOnComplete: true, removeOnFail: true, attempts: 8 });
  });

  it('a named job keeps its id, and BullMQ its record for the idempotency window', () => {
    expect(jobOptions('outbox:reconcile')).toMatchObject({
      jobId: 'outbox:reconcile',
      removeOnComplete: { age: 7 * 24 * 3600 },
      removeOnFail: { age: 30 * 24 * 3600 },
    });
  });
});
