import { z } from 'zod';
import { integer } from '../env-parsers';

/**
 * Timed rules of evacuation cases and their referrals. A case in `verifying` for more than
 * CASE_VERIFYING_STALE_DAYS, or open without activity for CASE_STALE_DAYS, is counted into a
 * content-free reminder checked every CASE_REMINDERS_EVERY_MINUTES (src/cases/case-reminders.task.ts);
 * referrals past their acknowledgement day are counted on their own schedule, every
 * REFERRAL_ACK_REMINDER_EVERY_MINUTES (src/referrals/referral-reminders.task.ts): a partner's
 * deadline is a matter of days, a case's staleness of weeks, and the two are tuned apart.
 */
const casesSchema = z.object({
  CASE_VERIFYING_STALE_DAYS: integer(1, 365).default(3),
  CASE_STALE_DAYS: integer(1, 365).default(14),
  CASE_REMINDERS_EVERY_MINUTES: integer(1, 10_080).default(60),
  REFERRAL_ACK_REMINDER_EVERY_MINUTES: integer(1, 10_080).default(60),
});

export const casesSection = {
  schema: casesSchema,
  build(env: z.infer<typeof casesSchema>) {
    return {
      verifyingStaleDays: env.CASE_VERIFYING_STALE_DAYS,
      staleDays: env.CASE_STALE_DAYS,
      remindersEveryMs: env.CASE_REMINDERS_EVERY_MINUTES * 60_000,
      referralAckRemindersEveryMs: env.REFERRAL_ACK_REMINDER_EVERY_MINUTES * 60_000,
    };
  },
};

export type CasesConfig = ReturnType<typeof casesSection.build>;
