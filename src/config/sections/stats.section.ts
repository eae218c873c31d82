import { z } from 'zod';
import { booleanFlag, commaList, integer } from '../env-parsers';

/** A public table: a subject, optionally one dimension beside the quarter (`cases:region`). */
const PUBLIC_TABLE = /^(reports|cases|evacuated|relocated_abroad)(:[a-z_]+)?$/;

/**
 * Statistics (src/stats, docs/design.md "Statistics"): disclosure-control parameters per audience,
 * the solver's time budget, the optional read replica, and the public figures (off by default:
 * an install decides to publish).
 */
const statsSchema = z.object({
  STATS_THRESHOLD: integer(2, 100).default(5),
  STATS_PUBLIC_THRESHOLD: integer(2, 1_000).default(10),
  STATS_ROUNDING_BASE: integer(1, 100).default(5),
  STATS_SOLVER_TIME_LIMIT_MS: integer(10, 60_000).default(2_000),
  STATS_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  STATS_PUBLIC_ENABLED: booleanFlag.default(false),
  STATS_PUBLIC_TABLES: commaList(z.string().regex(PUBLIC_TABLE, 'must be subject or subject:dimension'))
    .pipe(z.array(z.string()).min(1).max(10))
    .default(['reports', 'cases', 'evacuated', 'relocated_abroad']),
  STATS_PUBLIC_QUARTERS: integer(1, 20).default(4),
  // At least a minute: every recompute records one release per public table, so a short cache would let
  // anonymous requests flood the ledger, the audit log and the solver.
  STATS_PUBLIC_CACHE_SECONDS: integer(60, 86_400).default(3_600),
});

export interface StatsPublicTable {
  readonly subject: string;
  readonly dimension: string | null;
}

export const statsSection = {
  schema: statsSchema,
  build(env: z.infer<typeof statsSchema>, problems: string[]) {
    if (env.STATS_PUBLIC_THRESHOLD < env.STATS_THRESHOLD)
      problems.push('STATS_PUBLIC_THRESHOLD must not be below STATS_THRESHOLD');
    return {
      threshold: env.STATS_THRESHOLD,
      publicThreshold: env.STATS_PUBLIC_THRESHOLD,
      roundingBase: env.STATS_ROUNDING_BASE,
      solverTimeLimitMs: env.STATS_SOLVER_TIME_LIMIT_MS,
      /** null: the main database (still read through its own read-only connections). */
      databaseUrl: env.STATS_DATABASE_URL ?? null,
      publicEnabled: env.STATS_PUBLIC_ENABLED,
      publicTables: env.STATS_PUBLIC_TABLES.map((spec): StatsPublicTable => {
        const [subject, dimension] = spec.split(':');
        return { subject, dimension: dimension ?? null };
      }),
      publicQuarters: env.STATS_PUBLIC_QUARTERS,
      publicCacheSeconds: env.STATS_PUBLIC_CACHE_SECONDS,
    };
  },
};
