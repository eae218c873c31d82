import { defaultReportFormDefinition } from '../../src/forms/default-report-form';
import { parseFormDefinition } from '../../src/forms/form-definition';
import { smallDefinition } from '../support/factories/forms.factory';

type Def = ReturnType<typeof smallDefinition>;

function problems(mutate: (d: Def) => void): string[] {
  const def = structuredClone(smallDefinition());
  mutate(def);
  const result = parseFormDefinition(def);
  return result.ok ? [] : result.issues.map((i) => `${i.path}: ${i.message}`);
}

describe('form definition validator', () => {
  it('accepts the default report form and the small test form', () => {
    expect(parseFormDefinition(defaultReportFormDefinition()).ok).toBe(true);
    expect(parseFormDefinition(smallDefinition()).ok).toBe(true);
  });

  it('lets only choice, month and yes/no fields be statistical', () => {
    expect(problems((d) => (d.fields[0].classification = 'statistical'))).toEqual([
      'fields.0.classification: only choice, month and yes/no fields may be statistical',
    ]);
    for (const type of ['text', 'phone', 'email', 'handle'] as const) {
      expect(
        problems((d) => Object.assign(d.fields[0], { type, classification: 'statistical' })),
      ).not.toEqual([]);
    }
  });

  it('requires English and Russian labels everywhere', () => {
    expect(problems((d) => delete (d.fields[0].label as Record<string, string>).ru)).toEqual([
      'fields.0.label: missing the ru text',
    ]);
    expect(problems((d) => (d.languages = ['en']))).toContain('languages: must include ru');
    expect(problems((d) => delete (d.fields[1].choices![0].label as Record<string, string>).en)).toEqual([
      'fields.1.choices.0.label: missing the en text',
    ]);
  });

  it('refuses duplicate keys, bad keys, unknown types and duplicate choices', () => {
    expect(problems((d) => (d.fields[1].key = 'story'))).toContain('fields.1.key: field keys must be unique');
    expect(problems((d) => (d.fields[0].key = 'Bad Key'))).not.toEqual([]);
    expect(problems((d) => Object.assign(d.fields[0], { type: 'file' }))).not.toEqual([]);
    expect(problems((d) => (d.fields[1].choices![1].value = 'north'))).toContain(
      'fields.1.choices.1.value: choice values must be unique',
    );
  });

  it('checks urgency answers against the field and keeps them on statistical fields', () => {
    expect(problems((d) => (d.fields[1].urgentAnswers = ['west']))).toEqual([
      'fields.1.urgentAnswers.0: an urgency answer must be one of the field’s answers',
    ]);
    expect(problems((d) => (d.fields[0].urgentAnswers = ['x']))).toContain(
      'fields.0.urgentAnswers: urgency answers need a statistical field',
    );
  });

  it('matches statistics to field types and uses each once', () => {
    expect(problems((d) => (d.fields[1].statistic = 'incident_month'))).toEqual([
      'fields.1.statistic: incident_month needs a month field',
    ]);
    expect(problems((d) => (d.fields[0].statistic = 'region'))).toContain(
      'fields.0.statistic: only a statistical field feeds a statistic',
    );
  });

  it('enforces size limits and refuses unknown properties', () => {
    expect(
      problems((d) => (d.fields = Array.from({ length: 61 }, (_, i) => ({ ...d.fields[0], key: `f${i}` })))),
    ).not.toEqual([]);
    expect(problems((d) => (d.fields[0].label.en = 'x'.repeat(501)))).not.toEqual([]);
    expect(problems((d) => Object.assign(d, { script: '<script>' }))).not.toEqual([]);
    expect(
      problems((d) => Object.assign(d.fields[0], { choices: [{ value: 'a', label: { en: 'A', ru: 'А' } }] })),
    ).toEqual(['fields.0.choices: only choice fields have choices']);
  });
});
