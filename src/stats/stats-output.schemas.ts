import type { z } from 'zod';
import { chartOptionsSchema, statementOptionsSchema } from './render/render.schemas';
import { statsQuerySchema } from './stats.schemas';

/** The output routes take the `GET /stats` query, plus their rendering options. */
export const csvQuerySchema = statsQuerySchema;
export const chartQuerySchema = statsQuerySchema.extend(chartOptionsSchema.shape);
export const statementQuerySchema = statsQuerySchema.extend(statementOptionsSchema.shape);

export type CsvQuery = z.output<typeof csvQuerySchema>;
export type ChartQuery = z.output<typeof chartQuerySchema>;
export type StatementQuery = z.output<typeof statementQuerySchema>;
