import type { FormDefinition, FormField } from '../forms/form-definition';
import { BOOLEAN_VALUES, FieldProblem, KeptAnswers } from './form-post';
import { Catalogue, catalogue, PAGE_LANGUAGES, PageLanguage } from './page-catalogue';

/** Where the quick-exit link goes: a neutral, busy site (with JS it also replaces the history entry). */
export const QUICK_EXIT_URL = 'https://www.wikipedia.org/';

/** What every page's layout needs. */
export interface PageFrame {
  lang: PageLanguage;
  dir: string;
  t: Catalogue;
  title: string;
  quickExitUrl: string;
  languages: { code: PageLanguage; name: string; href: string; current: boolean }[];
  /** On the thread page: the language links are POST buttons that carry the reporter session. */
  session: string | null;
}

/**
 * `session`: the thread page's reporter session. Its language switch posts it to `path` (a GET link
 * would drop it and land on the receipt entry page); it never goes into a URL.
 */
export function pageFrame(
  lang: PageLanguage,
  title: string,
  path: string,
  session: string | null = null,
): PageFrame {
  const t = catalogue(lang);
  return {
    lang,
    dir: t.direction === 'rtl' ? 'rtl' : 'ltr',
    t,
    title,
    quickExitUrl: QUICK_EXIT_URL,
    languages: PAGE_LANGUAGES.map((code) => ({
      code,
      name: catalogue(code).languageName,
      href: `${path}?lang=${code}`,
      current: code === lang,
    })),
    session,
  };
}

export function formPath(slug: string): string {
  return `/f/${encodeURIComponent(slug)}`;
}

interface ChoiceView {
  value: string;
  label: string;
  id: string;
  checked: boolean;
}

export interface FieldView {
  key: string;
  id: string;
  kind: 'input' | 'textarea' | 'choices';
  inputType: string;
  multiple: boolean;
  label: string;
  help: string | null;
  helpId: string;
  required: boolean;
  value: string;
  choices: ChoiceView[];
  error: string | null;
  errorId: string;
  describedBy: string;
  autofocus: boolean;
  maxLength: number | null;
}

const INPUT_TYPES: Partial<Record<FormField['type'], string>> = {
  text: 'text',
  handle: 'text',
  phone: 'tel',
  email: 'email',
  month: 'month',
};
const AUTOCOMPLETE_OFF = 'off';

function problemText(t: Catalogue, field: FormField, problem: FieldProblem): string {
  if (problem === 'required') return t['error.required'];
  if (problem === 'tooLong') return t['error.tooLong'];
  return t[`error.invalid.${field.type}`] ?? t['error.invalid'];
}

function local(labels: Record<string, string> | undefined, lang: string): string | null {
  if (!labels) return null;
  return labels[lang] ?? Object.values(labels)[0] ?? null;
}

/** The fields of a form in one language, with kept answers and problems (none for a fresh form). */
export function fieldViews(
  definition: FormDefinition,
  lang: PageLanguage,
  kept: KeptAnswers = {},
  problems: { key: string; problem: FieldProblem }[] = [],
): FieldView[] {
  const t = catalogue(lang);
  const problemOf = new Map(problems.map((p) => [p.key, p.problem]));
  const firstProblem = definition.fields.find((f) => problemOf.has(f.key))?.key;
  return definition.fields.map((field) => {
    const id = `f-${field.key}`;
    const keptValue = kept[field.key];
    const chosen = new Set(Array.isArray(keptValue) ? keptValue : keptValue ? [keptValue] : []);
    const help = local(field.help, lang) ?? (field.type === 'month' ? t.monthHint : null);
    const problem = problemOf.get(field.key);
    const error = problem ? problemText(t, field, problem) : null;
    const choices: ChoiceView[] =
      field.type === 'boolean'
        ? [
            {
              value: BOOLEAN_VALUES.yes,
              label: t.yes,
              id: `${id}-yes`,
              checked: chosen.has(BOOLEAN_VALUES.yes),
            },
            { value: BOOLEAN_VALUES.no, label: t.no, id: `${id}-no`, checked: chosen.has(BOOLEAN_VALUES.no) },
          ]
        : (field.choices ?? []).map((c) => ({
            value: c.value,
            label: local(c.label, lang) ?? c.value,
            id: `${id}-${c.value}`,
            checked: chosen.has(c.value),
          }));
    return {
      key: field.key,
      id,
      kind: choices.length ? 'choices' : field.type === 'long_text' ? 'textarea' : 'input',
      inputType: INPUT_TYPES[field.type] ?? AUTOCOMPLETE_OFF,
      multiple: field.type === 'multiple_choice',
      label: local(field.label, lang) ?? field.key,
      help,
      helpId: `${id}-help`,
      required: field.required,
      value: typeof keptValue === 'string' ? keptValue : '',
      choices,
      error,
      errorId: `${id}-error`,
      describedBy: [help ? `${id}-help` : null, error ? `${id}-error` : null].filter(Boolean).join(' '),
      autofocus: field.key === firstProblem,
      maxLength: field.type === 'handle' ? 256 : field.type === 'email' ? 254 : null,
    };
  });
}

/** The title and description of a form in one language. */
export function formTexts(definition: FormDefinition, lang: PageLanguage) {
  return { title: local(definition.title, lang) ?? '', description: local(definition.description, lang) };
}
