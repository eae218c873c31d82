import { Clock, utcDay } from '../../src/access/clock';
import { IntakeModule } from '../../src/intake/intake.module';
import { ReportsService } from '../../src/reports/reports.service';
import { DAY_MS } from '../../src/retention/retention-policy';
import { RetentionModule } from '../../src/retention/retention.module';
import { RetentionService } from '../../src/retention/retention.service';
import { newReport } from '../support/factories/service-tier.factory';
import { startServices, type ServiceTier } from '../support/service-tier';

jest.setTimeout(120_000);

// An odd pause, so that no other timer of the run is mistaken for it.
const PAUSE_MS = 317;
const NOW = Date.UTC(2026, 5, 20, 12, 0, 0);
let tier: ServiceTier;

beforeAll(async () => {
  tier = await startServices([IntakeModule, RetentionModule], {
    env: { RETENTION_BATCH_SIZE: '2', RETENTION_PAUSE_MS: String(PAUSE_MS) },
  });
  jest.spyOn(tier.get(Clock), 'now').mockReturnValue(NOW);
});
afterAll(() => tier?.close());

describe('RETENTION_PAUSE_MS', () => {
  it('pauses that long between two batches, and not after the last one', async () => {
    for (let i = 0; i < 5; i++) {
      const { reportId } = await newReport(tier, `paced-${i}`);
      await tier.dataSource.transaction((m) =>
        tier.get(ReportsService).setStatus(m, reportId, 'spam', utcDay(NOW - 10 * DAY_MS)),
      );
    }
    const timers = jest.spyOn(global, 'setTimeout');
    const started = performance.now();
    const counts = await tier.get(RetentionService).run();
    const elapsed = performance.now() - started;
    const pauses = timers.mock.calls.filter(([, ms]) => ms === PAUSE_MS).length;
    timers.mockRestore();

    expect(counts.reports).toBe(5);
    // Batches of 2, 2 and 1: a pause after each full batch.
    expect(pauses).toBe(2);
    expect(elapsed).toBeGreaterThanOrEqual(2 * PAUSE_MS);
  });
});
