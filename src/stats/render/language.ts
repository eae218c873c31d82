/**
 * Calendar wording for outputs, from Node's ICU data (full-icu is built in since Node 13), so
 * month names and their Russian case forms come from CLDR rather than a hand-kept list.
 */
export const STATS_LANGUAGES = ['en', 'ru'] as const;
export type StatsLanguage = (typeof STATS_LANGUAGES)[number];

/**
 * ICU formatters are costly to build (native memory and time); each combination of language and
 * options is built once.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(language: StatsLanguage, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language}\u0000${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format)
    formatters.set(key, (format = new Intl.DateTimeFormat(language, { ...options, timeZone: 'UTC' })));
  return format;
}

const YEAR_MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A `YYYY-MM` month as a date in its middle (UTC), so no time zone moves it to a neighbour. */
export function monthDate(month: string): Date {
  const match = YEAR_MONTH.exec(month);
  if (!match) throw new RangeError(`not a YYYY-MM month: ${month}`);
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 15));
}

const yearOf = (month: string) => month.slice(0, 4);
const monthNumberOf = (month: string) => Number(month.slice(5, 7));

/** "January" / "январь": the standalone (nominative) month name. */
const monthName = (month: string, language: StatsLanguage): string =>
  formatter(language, { month: 'long' }).format(monthDate(month));

/** "января": Russian's genitive month, the form CLDR uses next to a day ("15 января"). */
function genitiveMonthName(month: string, language: StatsLanguage): string {
  const parts = formatter(language, { day: 'numeric', month: 'long' });
  return parts.formatToParts(monthDate(month)).find((part) => part.type === 'month')!.value;
}

/** "Jan 2019" / "янв. 2019 г.": a month on a chart axis. */
export const shortMonthLabel = (month: string, language: StatsLanguage): string =>
  formatter(language, { month: 'short', year: 'numeric' }).format(monthDate(month));

/** "January 2019" / "январь 2019 г.". */
export const longMonthLabel = (month: string, language: StatsLanguage): string =>
  formatter(language, { month: 'long', year: 'numeric' }).format(monthDate(month));

/**
 * The time range of an answer (whole months, inclusive) as the adverbial of a sentence:
 * "in March 2019", "in 2019", "between January and March 2019",
 * "between December 2018 and January 2019"; in Russian "за март 2019 года", "за 2019 год",
 * "с января по март 2019 года", "с декабря 2018 года по январь 2019 года".
 */
export function rangePhrase(from: string, to: string, language: StatsLanguage): string {
  const sameYear = yearOf(from) === yearOf(to);
  const wholeYear = sameYear && monthNumberOf(from) === 1 && monthNumberOf(to) === 12;
  if (language === 'en') {
    if (from === to) return `in ${monthName(from, 'en')} ${yearOf(from)}`;
    if (wholeYear) return `in ${yearOf(from)}`;
    if (sameYear) return `between ${monthName(from, 'en')} and ${monthName(to, 'en')} ${yearOf(to)}`;
    return `between ${monthName(from, 'en')} ${yearOf(from)} and ${monthName(to, 'en')} ${yearOf(to)}`;
  }
  // "с" takes the genitive; "по" and "за" the accusative, which for a month is its nominative.
  if (from === to) return `за ${monthName(from, 'ru')} ${yearOf(from)} года`;
  if (wholeYear) return `за ${yearOf(from)} год`;
  if (sameYear) return `с ${genitiveMonthName(from, 'ru')} по ${monthName(to, 'ru')} ${yearOf(to)} года`;
  return `с ${genitiveMonthName(from, 'ru')} ${yearOf(from)} года по ${monthName(to, 'ru')} ${yearOf(to)} года`;
}

/** "1,500" / "1 500". */
const numberFormats = Object.fromEntries(
  STATS_LANGUAGES.map((language) => [language, new Intl.NumberFormat(language)]),
) as Record<StatsLanguage, Intl.NumberFormat>;
export const formatCount = (count: number, language: StatsLanguage): string =>
  numberFormats[language].format(count);
