import { randomUUID } from 'node:crypto';
import { Worker } from 'bullmq';
import { Role } from '../../src/access/permissions';
import { COMMANDS } from '../../src/cli/commands';
import { QueueName } from '../../src/queue/queue-names';
import { QueueRegistry } from '../../src/queue/queue-registry';
import { TriageQueueService } from '../../src/triage/triage-queue.service';
import { createSignedInUser } from '../support/factories/users.factory';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(60_000);

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

it('GET /triage/queue counts failed jobs, and triage:retry-failed puts them back to waiting', async () => {
  const queue = t.app.get(QueueRegistry).get(QueueName.TRIAGE);
  await queue.add('report.received', { reportId: randomUUID() }, { attempts: 1, removeOnFail: false });
  const failing = new Worker(
    QueueName.TRIAGE,
    async () => {
      throw new Error('fails on purpose');
    },
    {
      connection: { url: t.config.redis.url, maxRetriesPerRequest: null } as never,
      prefix: queue.opts.prefix,
    },
  );
  await new Promise((resolve) => failing.once('failed', resolve));
  await failing.close();

  const triager = await createSignedInUser(t, { roles: [Role.TRIAGER] });
  const before = await t.get<{ failedJobs: Record<string, number> }>('/api/v1/triage/queue', {
    token: triager.token,
  });
  expect(before.body.failedJobs).toEqual({ triage: 1, notifications: 0 });

  expect(COMMANDS.map((c) => c.name)).toContain('triage:retry-failed');
  expect(await t.app.get(TriageQueueService).retryFailed()).toEqual({ triage: 1, notifications: 0 });
  expect(await queue.getFailedCount()).toBe(0);
  expect(await queue.getWaitingCount()).toBe(1);
  const after = await t.get<{ failedJobs: Record<string, number> }>('/api/v1/triage/queue', {
    token: triager.token,
  });
  expect(after.body.failedJobs).toEqual({ triage: 0, notifications: 0 });
});
