import { z } from 'zod';
import { UUID } from '../../common/patterns';
import { DECISION_RULES, TRIAGE_DECISIONS } from '../triage-decision';

/** Longest decision note, in characters. */
export const MAX_NOTE_CHARS = 8_000;

/** The body of `POST /triage/:reportId/decision`, checked once at the boundary (and documented). */
export const decisionBodySchema = z
  .strictObject({
    decision: z.enum(TRIAGE_DECISIONS),
    caseId: z.string().regex(UUID).optional().describe('attach_to_case: the case to attach to.'),
    duplicateOf: z
      .string()
      .regex(UUID)
      .optional()
      .describe('duplicate: the report or case this one repeats.'),
    note: z
      .string()
      .min(1)
      .max(MAX_NOTE_CHARS)
      .optional()
      .describe('Sealed to the case key (open_case, attach_to_case) or to the report key (the others).'),
  })
  .superRefine((body, ctx) => {
    const needs = DECISION_RULES[body.decision].needs;
    for (const field of ['caseId', 'duplicateOf'] as const) {
      const present = body[field] !== undefined;
      if (present !== (needs === field))
        ctx.addIssue({ code: 'custom', path: [field], message: present ? 'not expected' : 'required' });
    }
  });

export type DecisionBody = z.infer<typeof decisionBodySchema>;

export const decisionBodyJsonSchema = z.toJSONSchema(decisionBodySchema, { target: 'openapi-3.0' });
