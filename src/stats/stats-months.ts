/** Whole months as `YYYY-MM`, and the quarters and years they fall in. */
/** `YYYY-MM` from 1900 to 2999: a year 0000 reached PostgreSQL as an out-of-range date (a 500). */
export const MONTH_PATTERN = /^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])$/;

const index = (month: string): number => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthOf = (i: number): string => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;

/** Every month from `from` to `to`, inclusive (empty when `to` is before `from`). */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let i = index(from); i <= index(to); i++) months.push(monthOf(i));
  return months;
}

export const quarterOf = (month: string): string =>
  `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;

export const yearOf = (month: string): string => month.slice(0, 4);

export const addMonths = (month: string, n: number): string => monthOf(index(month) + n);

/** The first month of the quarter `month` is in. */
export const quarterStart = (month: string): string => monthOf(index(month) - (index(month) % 3));

/** The month of `date` in UTC. */
export const utcMonth = (date: Date): string => date.toISOString().slice(0, 7);
