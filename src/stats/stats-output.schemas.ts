import { z } from 'zod';
import { chartOptionsSchema, statementOptionsSchema } from './render/render.schemas';

/**
 * The definition part of an output route's query, as `GET /stats` takes it. Placeholder for the
 * query service's own schema: when both are merged, extend that one instead (one schema per
 * query, no copy).
 */
const definitionSchema = z.strictObject({
  subject: z.enum(['reports', 'cases', 'evacuated', 'relocated_abroad']),
  groupBy: z
    .string()
    .default('')
    .transform((list) => list.split(',').filter(Boolean))
    .pipe(
      z.array(
        z.enum([
          'month',
          'quarter',
          'year',
          'region',
          'category',
          'urgency',
          'channel',
          'status',
          'outcome',
          'needs',
          'risks',
          'milestone',
        ]),
      ),
    ),
  from: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  to: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
});

export const csvQuerySchema = definitionSchema;
export const chartQuerySchema = definitionSchema.extend(chartOptionsSchema.shape);
export const statementQuerySchema = definitionSchema.extend(statementOptionsSchema.shape);

export type CsvQuery = z.infer<typeof csvQuerySchema>;
export type ChartQuery = z.infer<typeof chartQuerySchema>;
export type StatementQuery = z.infer<typeof statementQuerySchema>;
