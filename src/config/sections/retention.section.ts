import { z } from 'zod';
import { integer } from '../env-parsers';

/** Five cron fields (minute hour day month weekday) of digits, `*`, lists, ranges and steps. */
const CRON = /^\s*[\d*,/-]+(\s+[\d*,/-]+){4}\s*$/;

/**
 * Retention (src/retention, docs/retention.md): the worker deletes what is past its policy on
 * RETENTION_SCHEDULE (a cron pattern, UTC; default 03:17 every night, when intake is quietest), in
 * transactions of RETENTION_BATCH_SIZE reports each, so that a purge never holds many row locks.
 * The same run coarsens item times older than RETENTION_EXACT_TIMES_DAYS to their month.
 */
const retentionSchema = z.object({
  RETENTION_SCHEDULE: z
    .string()
    .regex(CRON, 'must be a five-field cron pattern, e.g. "17 3 * * *"')
    .default('17 3 * * *'),
  RETENTION_BATCH_SIZE: integer(1, 5_000).default(250),
  /** The pause between two batches (ms), so that a long purge yields the database to intake. */
  RETENTION_PAUSE_MS: integer(0, 10_000).default(50),
  /** The longest a form's policy override or a case's postponement may keep anything (days). */
  RETENTION_MAX_DAYS: integer(1, 36_500).default(3_650),
  /** Reminders count what the next this-many days will delete (0: no reminders). */
  RETENTION_REMINDER_DAYS: integer(0, 365).default(7),
  RETENTION_EXACT_TIMES_DAYS: integer(1, 3_650).default(30),
});

export const retentionSection = {
  schema: retentionSchema,
  build(env: z.infer<typeof retentionSchema>) {
    return {
      schedule: env.RETENTION_SCHEDULE.trim(),
      batchSize: env.RETENTION_BATCH_SIZE,
      pauseMs: env.RETENTION_PAUSE_MS,
      maxDays: env.RETENTION_MAX_DAYS,
      reminderDays: env.RETENTION_REMINDER_DAYS,
      exactTimesDays: env.RETENTION_EXACT_TIMES_DAYS,
    };
  },
};
