import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The languages the page's own strings exist in (form labels come from the form definition). */
export const PAGE_LANGUAGES = ['en', 'ru'] as const;
export type PageLanguage = (typeof PAGE_LANGUAGES)[number];

export type Catalogue = Readonly<Record<string, string>>;

function load(language: PageLanguage): Catalogue {
  const raw = JSON.parse(readFileSync(join(__dirname, 'locales', `${language}.json`), 'utf8')) as unknown;
  if (typeof raw !== 'object' || raw === null) throw new Error(`catalogue ${language} is not an object`);
  return Object.freeze({ ...(raw as Record<string, string>) });
}

const CATALOGUES: Readonly<Record<PageLanguage, Catalogue>> = Object.freeze({
  en: load('en'),
  ru: load('ru'),
});

export function catalogue(language: PageLanguage): Catalogue {
  return CATALOGUES[language];
}

export function isPageLanguage(value: unknown): value is PageLanguage {
  return typeof value === 'string' && (PAGE_LANGUAGES as readonly string[]).includes(value);
}

/**
 * The page's language: `?lang=` when it is one the page and the form both speak, else the first
 * such language of Accept-Language (by q), else the first of the form's languages the page speaks.
 */
export function pickLanguage(
  query: unknown,
  acceptLanguage: string | undefined,
  formLanguages: readonly string[] = PAGE_LANGUAGES,
): PageLanguage {
  const usable = (l: unknown): l is PageLanguage => isPageLanguage(l) && formLanguages.includes(l);
  if (usable(query)) return query;
  for (const tag of acceptedLanguages(acceptLanguage)) if (usable(tag)) return tag;
  return PAGE_LANGUAGES.find(usable) ?? 'en';
}

/** Primary subtags of an Accept-Language header, most preferred first (at most 20 read). */
function acceptedLanguages(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .slice(0, 500)
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
      return { tag: tag.trim().toLowerCase().split('-')[0], q: q ? Number(q[1]) : 1, index };
    })
    .filter((e) => e.q > 0 && Number.isFinite(e.q))
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((e) => e.tag);
}
