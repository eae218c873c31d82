import type { BudgetPeriod } from '../../config/sections/stats-privacy.section';

/** A budget period: its first day and the first day of the next one, both `YYYY-MM-DD` (UTC). */
export interface PeriodBounds {
  readonly start: string;
  readonly next: string;
}

const firstOfMonth = (year: number, monthIndex: number) =>
  new Date(Date.UTC(year, monthIndex, 1)).toISOString().slice(0, 10);

/** The calendar month or quarter (UTC) that holds the instant `ms`. */
export function periodOf(ms: number, period: BudgetPeriod): PeriodBounds {
  const at = new Date(ms);
  const months = period === 'quarter' ? 3 : 1;
  const first = Math.floor(at.getUTCMonth() / months) * months;
  return {
    start: firstOfMonth(at.getUTCFullYear(), first),
    next: firstOfMonth(at.getUTCFullYear(), first + months), // Date.UTC carries month 12 into January
  };
}
