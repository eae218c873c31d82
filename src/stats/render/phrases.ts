import type { StatsDimension, StatsSubject } from '../stats-answer';
import type { StatsLanguage } from './language';

/** English noun and verb, singular and plural ("1 person was evacuated", "40 people were …"). */
interface EnglishSubject {
  readonly noun: { readonly one: string; readonly other: string };
  readonly verb: { readonly one: string; readonly other: string };
}

/**
 * Russian noun forms and verbs. After a bare number the noun is nominative singular (1, 21),
 * genitive singular (2–4, 22–24) or genitive plural (5–20, 25…) — Intl.PluralRules' one, few,
 * many; after "около" / "менее" it is genitive (singular for one, plural otherwise). A verb
 * agrees with the noun after one ("был эвакуирован 1 человек") and is neuter singular after
 * any other quantity ("было эвакуировано 40 человек").
 */
interface RussianSubject {
  readonly nominative: { readonly one: string; readonly few: string; readonly many: string };
  readonly genitive: { readonly one: string; readonly other: string };
  readonly verb: { readonly agreeing: string; readonly quantity: string };
}

export interface SubjectPhrases {
  readonly en: EnglishSubject;
  readonly ru: RussianSubject;
  /** Chart title and value-axis name. */
  readonly chartTitle: Readonly<Record<StatsLanguage, string>>;
  readonly axisName: Readonly<Record<StatsLanguage, string>>;
}

const PEOPLE_EN = { one: 'person', other: 'people' };
const PEOPLE_RU = {
  nominative: { one: 'человек', few: 'человека', many: 'человек' },
  genitive: { one: 'человека', other: 'человек' },
};
const NUMBER_OF_PEOPLE = { en: 'Number of people', ru: 'Число людей' };

/** What each subject counts, in words: the organisation's own style. */
export const SUBJECT_PHRASES: Readonly<Record<StatsSubject, SubjectPhrases>> = {
  reports: {
    en: { noun: { one: 'report', other: 'reports' }, verb: { one: 'was received', other: 'were received' } },
    ru: {
      nominative: { one: 'сообщение', few: 'сообщения', many: 'сообщений' },
      genitive: { one: 'сообщения', other: 'сообщений' },
      verb: { agreeing: 'поступило', quantity: 'поступило' },
    },
    chartTitle: { en: 'Reports received', ru: 'Поступившие сообщения' },
    axisName: { en: 'Number of reports', ru: 'Число сообщений' },
  },
  cases: {
    en: { noun: { one: 'case', other: 'cases' }, verb: { one: 'was opened', other: 'were opened' } },
    ru: {
      nominative: { one: 'дело', few: 'дела', many: 'дел' },
      genitive: { one: 'дела', other: 'дел' },
      verb: { agreeing: 'было открыто', quantity: 'было открыто' },
    },
    chartTitle: { en: 'Cases opened', ru: 'Открытые дела' },
    axisName: { en: 'Number of cases', ru: 'Число дел' },
  },
  evacuated: {
    en: { noun: PEOPLE_EN, verb: { one: 'was evacuated', other: 'were evacuated' } },
    ru: { ...PEOPLE_RU, verb: { agreeing: 'был эвакуирован', quantity: 'было эвакуировано' } },
    chartTitle: { en: 'People evacuated', ru: 'Эвакуированные люди' },
    axisName: NUMBER_OF_PEOPLE,
  },
  relocated_abroad: {
    en: { noun: PEOPLE_EN, verb: { one: 'was relocated abroad', other: 'were relocated abroad' } },
    ru: { ...PEOPLE_RU, verb: { agreeing: 'был переселён за рубеж', quantity: 'было переселено за рубеж' } },
    chartTitle: { en: 'People relocated abroad', ru: 'Люди, переселённые за рубеж' },
    axisName: NUMBER_OF_PEOPLE,
  },
};

/**
 * How a part of a total is named in a statement ("around 130 of them abroad", "из них около
 * 130 — за рубеж"). Only dimensions with phrases here can break a statement down.
 */
export const BREAKDOWN_PHRASES: Partial<
  Record<StatsDimension, (value: string) => Readonly<Record<StatsLanguage, string>> | undefined>
> = {
  outcome: (value) => OUTCOME_PHRASES[value],
  region: (value) => ({ en: `in ${value}`, ru: `в регионе ${value}` }),
};

const OUTCOME_PHRASES: Readonly<Record<string, Readonly<Record<StatsLanguage, string>>>> = {
  relocated_abroad: { en: 'abroad', ru: 'за рубеж' },
  relocated_in_country: { en: 'within the country', ru: 'внутри страны' },
  stayed_with_support: { en: 'stayed with support', ru: 'остались на месте с поддержкой' },
  returned: { en: 'returned', ru: 'вернулись' },
  lost_contact: { en: 'lost contact', ru: 'связь потеряна' },
  declined_help: { en: 'declined help', ru: 'отказались от помощи' },
  deceased: { en: 'died', ru: 'погибли' },
  other: { en: 'with another outcome', ru: 'с другим исходом' },
};

/** Axis names of the chart dimensions. */
export const CHART_DIMENSION_PHRASES: Readonly<
  Record<
    'month' | 'region',
    {
      readonly axis: Readonly<Record<StatsLanguage, string>>;
      readonly by: Readonly<Record<StatsLanguage, string>>;
    }
  >
> = {
  month: { axis: { en: 'Month', ru: 'Месяц' }, by: { en: 'by month', ru: 'по месяцам' } },
  region: { axis: { en: 'Region', ru: 'Регион' }, by: { en: 'by region', ru: 'по регионам' } },
};

/** The chart's notes on how its figures were protected. */
export const PROTECTION_NOTES = {
  suppressed: (threshold: number) => ({
    en: `* suppressed: fewer than ${threshold} or protecting another figure`,
    ru: `* скрыто: менее ${threshold} или для защиты другого значения`,
  }),
  rounded: (base: number) => ({
    en: `Figures rounded to multiples of ${base}.`,
    ru: `Значения округлены до кратных ${base}.`,
  }),
  noise: {
    en: 'Figures include random noise (differential privacy).',
    ru: 'К значениям добавлен случайный шум (дифференциальная приватность).',
  },
} as const;
