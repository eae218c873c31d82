import { randomBytes } from 'node:crypto';
import { Clock } from '../../src/access/clock';
import { Role } from '../../src/access/permissions';
import type { Principal } from '../../src/access/principal';
import { CaseRemindersTask } from '../../src/cases/case-reminders.task';
import { verifyNotification } from '../../src/notifications/notification-signature';
import { JobName, QueueName } from '../../src/queue/queue-names';
import { QueueRegistry } from '../../src/queue/queue-registry';
import { ReferralRemindersTask } from '../../src/referrals/referral-reminders.task';
import { ReferralsService } from '../../src/referrals/referrals.service';
import { LoopbackReceiver } from '../notifications/support/loopback-receiver';
import { waitFor } from '../outbox/support/reports';
import { newCase } from '../support/factories/cases.factory';
import { newPartner, principalOf } from '../support/factories/partners.factory';
import { createTriageForm } from '../support/factories/triage.factory';
import { createSignedInUser, createUser } from '../support/factories/users.factory';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(180_000);

/*
 * The overdue rule of referrals on its own schedule, with the clock moved (the injectable Clock)
 * instead of deadlines rewritten, and its reminder delivered through the webhooks the case
 * reminders use: counts only, signed, read again at send time.
 */
const DAY = 86_400_000;
const UUID_ANYWHERE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const secret = randomBytes(32);
let receiver: LoopbackReceiver;
let t: TestApp;
let coordinator: Principal;
let caseId: string;

beforeAll(async () => {
  receiver = await LoopbackReceiver.start('/hooks/reminders');
  t = await startTestApp({
    withWorker: true,
    env: {
      NOTIFY_WEBHOOKS: `${receiver.url}|${secret.toString('base64url')}`,
      NOTIFY_DEBOUNCE_SECONDS: '1',
      CASE_REMINDERS_EVERY_MINUTES: '90',
      REFERRAL_ACK_REMINDER_EVERY_MINUTES: '7',
    },
  });
  coordinator = await principalOf(t, (await createSignedInUser(t, { roles: [Role.COORDINATOR] })).token);
  const slug = await createTriageForm(t);
  const openerId = (await createUser(t, { roles: [Role.TRIAGER] })).id;
  caseId = (await newCase(t, { slug, openerId })).caseId;
});
afterAll(async () => {
  await t?.close();
  await receiver?.close();
});
afterEach(() => jest.restoreAllMocks());

const task = () => t.app.get(ReferralRemindersTask);
const referrals = () => t.app.get(ReferralsService);
/** Moves the application's clock `days` ahead (the database's own clock stays). */
const shiftDays = (days: number) => {
  const now = Date.now() + days * DAY;
  jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(now);
};

async function refer(partnerId: string, acknowledgeWithinDays: number) {
  return referrals().refer(coordinator, caseId, {
    partnerId,
    fields: ['needs'],
    consent: { who: 'the person', how: 'in_person', when: '2026-01-05' },
    acknowledgeWithinDays,
  });
}

it('runs on its own interval, apart from the case rules', async () => {
  const schedulers = await t.app.get(QueueRegistry).get(QueueName.MAINTENANCE).getJobSchedulers();
  const every = Object.fromEntries(schedulers.map((s) => [s.key, Number(s.every)]));
  expect(every).toMatchObject({
    [JobName.REFERRAL_REMINDERS]: 7 * 60_000,
    [JobName.CASE_REMINDERS]: 90 * 60_000,
  });
});

it('counts a referral overdue once its acknowledgement day has passed on the clock, not before, not once acknowledged', async () => {
  const partner = await newPartner(t, coordinator);
  /** The count with the clock `days` ahead (what other tests of this database left counts too). */
  const overdueIn = async (days: number) => {
    shiftDays(days);
    const { overdue } = await task().run();
    jest.restoreAllMocks();
    return overdue;
  };
  const before = [await overdueIn(0), await overdueIn(1), await overdueIn(2), await overdueIn(10)];
  const dueTomorrow = await refer(partner.id, 1);
  const acknowledged = await refer(partner.id, 1);
  await refer(partner.id, 5);
  await referrals().acknowledge(coordinator, caseId, acknowledged.id, {});
  expect(dueTomorrow.acknowledgeBy).toBe(new Date(Date.now() + DAY).toISOString().slice(0, 10));

  // On the deadline day itself it is not overdue yet; the day after it is (the acknowledged one
  // never); ten days on, the five-day one too. A re-run counts the same.
  expect([
    await overdueIn(0),
    await overdueIn(1),
    await overdueIn(2),
    await overdueIn(2),
    await overdueIn(10),
  ]).toEqual([before[0], before[1], before[2] + 1, before[2] + 1, before[3] + 2]);
});

it('sends the reminder counts through the webhooks, signed and content-free', async () => {
  const partner = await newPartner(t, coordinator);
  await refer(partner.id, 1);
  shiftDays(3);
  const cases = await t.app.get(CaseRemindersTask).run();
  receiver.reset();
  const { overdue } = await task().run();
  expect(overdue).toBeGreaterThan(0);
  const delivery = await waitFor(
    async () => receiver.deliveries.find((d) => d.body.includes('"reminders"')),
    15_000,
    'a reminder delivery',
  );
  expect(delivery.body).toBe(
    JSON.stringify({
      version: 1,
      reminders: {
        cases_verifying_stale: cases.verifyingStale,
        cases_stale: cases.stale,
        referrals_overdue: overdue,
      },
    }),
  );
  const timestamp = String(delivery.headers['x-corridor-timestamp']);
  const signature = String(delivery.headers['x-corridor-signature']);
  expect(verifyNotification(secret, { timestamp, signature, body: delivery.body })).toBe('valid');
  expect(delivery.body).not.toMatch(UUID_ANYWHERE);
  expect(delivery.body).not.toContain(partner.id);
});
