import type { Job } from 'bullmq';
import type { FormDefinition } from '../../../src/forms/form-definition';
import { IntakeService } from '../../../src/intake/intake.service';
import { TriageIntakeProcessor } from '../../../src/triage/triage-intake.processor';
import type { TestApp } from '../test-app';
import { createForm } from './forms.factory';

const label = (en: string) => ({ en, ru: en });

/**
 * A form for triage tests: a story, three contact fields and two urgency questions — "detained
 * now" weighs 100 (urgent alone), "wants evacuation" 50 (raised alone, urgent with another 50).
 */
export function triageDefinition(): FormDefinition {
  return {
    title: label('Triage test form'),
    languages: ['en', 'ru'],
    fields: [
      { key: 'story', type: 'long_text', label: label('Story'), required: true, classification: 'sensitive' },
      { key: 'phone', type: 'phone', label: label('Phone'), required: false, classification: 'sensitive' },
      { key: 'handle', type: 'handle', label: label('Handle'), required: false, classification: 'sensitive' },
      { key: 'email', type: 'email', label: label('E-mail'), required: false, classification: 'sensitive' },
      {
        key: 'detained_now',
        type: 'boolean',
        label: label('Detained now?'),
        required: true,
        classification: 'statistical',
        urgentAnswers: [true],
      },
      {
        key: 'wants_evacuation',
        type: 'boolean',
        label: label('Wants evacuation?'),
        required: true,
        classification: 'statistical',
        urgentAnswers: [true],
        urgencyWeight: 50,
      },
    ],
  };
}

export function createTriageForm(t: TestApp): Promise<string> {
  return createForm(t, { definition: triageDefinition() });
}

export interface TriageAnswers {
  story?: string;
  phone?: string;
  handle?: string;
  email?: string;
  detained_now?: boolean;
  wants_evacuation?: boolean;
}

/** A plaintext-mode report through IntakeService (as the public route stores it); its id. */
export async function submitTriageReport(
  t: TestApp,
  slug: string,
  answers: TriageAnswers = {},
): Promise<string> {
  const { reportId } = await t.app
    .get(IntakeService)
    .submitPlaintext({ slug, channel: 'web', actor: { type: 'intake' } }, {
      answers: { story: 'canary-story', detained_now: false, wants_evacuation: false, ...answers },
      language: 'en',
    } as never);
  return reportId;
}

/** Runs the automated triage of one report as its job would (a delivery of the job). */
export function runTriageJob(t: TestApp, reportId: string) {
  return t.app.get(TriageIntakeProcessor).process({ data: { reportId } } as Job<{ reportId: string }>);
}

/** A report submitted and through automated triage: waiting in the human queue. */
export async function pendingReport(t: TestApp, slug: string, answers: TriageAnswers = {}): Promise<string> {
  const reportId = await submitTriageReport(t, slug, answers);
  await runTriageJob(t, reportId);
  return reportId;
}
