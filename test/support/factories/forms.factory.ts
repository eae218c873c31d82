import { DEFAULT_FORM_SLUG } from '../../../src/forms/default-report-form';
import type { FormDefinition } from '../../../src/forms/form-definition';
import { FormsService } from '../../../src/forms/forms.service';
import type { TestApp } from '../test-app';

/** Creates the default `report` form the way `init` does. */
export async function seedDefaultForm(t: TestApp): Promise<string> {
  await t.app.get(FormsService).ensureDefaultForm();
  return DEFAULT_FORM_SLUG;
}

let counter = 0;

/** A small valid definition: one sensitive text field, one statistical choice field. */
export function smallDefinition(overrides: Partial<FormDefinition> = {}): FormDefinition {
  return {
    title: { en: 'Small form', ru: 'Малая форма' },
    languages: ['en', 'ru'],
    fields: [
      {
        key: 'story',
        type: 'long_text',
        label: { en: 'Story', ru: 'История' },
        required: true,
        classification: 'sensitive',
      },
      {
        key: 'region',
        type: 'single_choice',
        label: { en: 'Region', ru: 'Регион' },
        required: false,
        classification: 'statistical',
        statistic: 'region',
        choices: [
          { value: 'north', label: { en: 'North', ru: 'Север' } },
          { value: 'south', label: { en: 'South', ru: 'Юг' } },
        ],
        urgentAnswers: ['south'],
      },
    ],
    ...overrides,
  };
}

/** Creates a form through FormsService (audited like the admin route) and returns its slug. */
export async function createForm(
  t: TestApp,
  options: { slug?: string; status?: 'open' | 'closed'; definition?: FormDefinition } = {},
): Promise<string> {
  const slug = options.slug ?? `form-${++counter}-${process.pid}`;
  await t.app
    .get(FormsService)
    .create(
      { type: 'system' },
      { slug, status: options.status, definition: options.definition ?? smallDefinition() },
    );
  return slug;
}

/** A complete, valid set of answers to the default form (canary text where content goes). */
export function defaultFormAnswers(marker = 'x'): Record<string, unknown> {
  return {
    what_happened: `They took my brother from the market ${marker}`,
    incident_month: '2026-10',
    region: 'chechnya',
    incident_kind: ['detention', 'threats_police'],
    detained_now: true,
    in_danger_now: false,
    wants_evacuation: true,
    who_at_risk: 'someone_else',
    contact_channel: 'signal',
    contact_handle: `@handle_${marker}`,
    name_or_alias: `Alias ${marker}`,
    preferred_language: 'ru',
  };
}
