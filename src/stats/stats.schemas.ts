import { z } from 'zod';
import type { StatsSubject } from './stats-answer';
import { STATS_PRIVACY } from './stats-definition';
import { STATS_DIMENSIONS, STATS_SUBJECTS } from './stats-vocabulary';

const subjects = STATS_SUBJECTS as readonly [StatsSubject, ...StatsSubject[]];

/**
 * `GET /stats`: the shape of the query string. Its rules (known dimensions, available for the
 * subject, how many, whole months in order, how long) are checked by the service with their own
 * codes, so that the CLI and every output route share them.
 */
export const statsQuerySchema = z.strictObject({
  subject: z.enum(subjects).describe('What is counted.'),
  groupBy: z
    .string()
    .max(200)
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((d) => d.trim())
        .filter(Boolean),
    )
    .describe(`Comma-separated dimensions (at most 3, one of them time): ${STATS_DIMENSIONS.join(', ')}.`),
  from: z.string().max(16).describe('First month, YYYY-MM (inclusive).'),
  to: z.string().max(16).describe('Last month, YYYY-MM (inclusive).'),
  privacy: z
    .enum(STATS_PRIVACY)
    .default('suppression')
    .describe(
      "`dp`: noised counts from the analyst's privacy budget (STATS_DP_ENABLED); default: suppression and rounding.",
    ),
});
export type StatsQuery = z.output<typeof statsQuerySchema>;

const cellSchema = z.union([
  z.object({
    values: z.record(z.string(), z.string()).describe('Dimension → value; `*` for a margin (every value).'),
    suppressed: z.literal(false),
    count: z.number().int().min(0).describe('Rounded to the rounding base.'),
  }),
  z.object({
    values: z.record(z.string(), z.string()),
    suppressed: z.literal(true).describe('Suppressed: no number, and no reason (it would narrow the cell).'),
  }),
]);

const protectionSchema = z.object({
  audience: z.enum(['analyst', 'public']),
  threshold: z.number().int(),
  roundingBase: z.number().int(),
  method: z.enum(['optimal', 'heuristic', 'noise']),
  releaseId: z.uuid(),
  noise: z
    .object({
      mechanism: z.literal('discrete_laplace'),
      epsilon: z.number(),
      scale: z.number(),
      sensitivity: z.number().int(),
      remainingBudget: z.number(),
    })
    .optional()
    .describe('Only on a noised answer (`privacy=dp`): the mechanism, its scale and the budget left.'),
});

export const statsAnswerSchema = z.object({
  subject: z.enum(subjects),
  groupBy: z.array(z.string()),
  from: z.string(),
  to: z.string(),
  cells: z.array(cellSchema),
  protection: protectionSchema,
});

export const publicFiguresSchema = z.object({
  from: z.string(),
  to: z.string(),
  tables: z.array(statsAnswerSchema),
});
