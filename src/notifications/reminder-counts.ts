import { Injectable } from '@nestjs/common';

/**
 * The timed rules' reminders, as a webhook says them: counts only, under fixed names (no id, no
 * date, no content). Each rule is a source, registered by its feature when its module starts, so
 * that notifications depends on none of them; the delivery asks every source for its counts when
 * it sends (the receiver learns the numbers as they are then, however many ticks it merged).
 */
export const REMINDER_COUNT_NAMES = ['cases_verifying_stale', 'cases_stale', 'referrals_overdue'] as const;
export type ReminderCountName = (typeof REMINDER_COUNT_NAMES)[number];
export type ReminderCounts = Partial<Record<ReminderCountName, number>>;

export interface ReminderCountsSource {
  /** The counts this rule raises reminders for, now. */
  reminderCounts(): Promise<ReminderCounts>;
}

/** The registered sources (cases' and referrals' timed rules). */
@Injectable()
export class ReminderSources {
  private readonly sources: ReminderCountsSource[] = [];

  register(source: ReminderCountsSource): void {
    this.sources.push(source);
  }

  /** Every count, zero for a rule whose source is not registered in this process. */
  async countAll(): Promise<Record<ReminderCountName, number>> {
    const all = Object.fromEntries(REMINDER_COUNT_NAMES.map((n) => [n, 0])) as Record<
      ReminderCountName,
      number
    >;
    for (const source of this.sources) Object.assign(all, await source.reminderCounts());
    return all;
  }
}

/** The body sent, byte for byte: a version and the reminder counts under their fixed names. */
export function reminderBody(counts: Record<ReminderCountName, number>): string {
  const reminders = Object.fromEntries(
    REMINDER_COUNT_NAMES.map((name) => {
      const n = counts[name];
      if (!Number.isSafeInteger(n) || n < 0) throw new Error('reminder counts must be non-negative integers');
      return [name, n];
    }),
  );
  return JSON.stringify({ version: 1, reminders });
}
