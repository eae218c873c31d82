import { z } from 'zod';
import { STATS_LANGUAGES } from './language';

/**
 * The query parameters the output routes take beyond those of `GET /stats`; a route's schema is
 * the stats query schema extended with one of these shapes (`.extend(chartOptionsSchema.shape)`).
 */
export const chartOptionsSchema = z.strictObject({
  kind: z.enum(['bar', 'line']).default('bar'),
  by: z.enum(['month', 'region']).default('month'),
  language: z.enum(STATS_LANGUAGES).default('en'),
});

export const statementOptionsSchema = z.strictObject({
  language: z.enum(STATS_LANGUAGES).default('en'),
});

export type ChartQueryOptions = z.infer<typeof chartOptionsSchema>;
export type StatementQueryOptions = z.infer<typeof statementOptionsSchema>;
