import type { StatsDimension, StatsSubject } from './stats-answer';
import { addMonths } from './stats-months';

/**
 * The SQL of the atom query, as data: for each subject, where its rows come from, which month
 * counts them, and the plain column expression of each dimension. Only plain statistical columns
 * appear here (test/stats/stats-sql-columns.spec.ts scans every statement for sealed ones).
 */
interface SubjectSource {
  readonly from: string;
  /** The month a row is counted in (`YYYY-MM` text). */
  readonly month: string;
  /** The range condition on $1 (first month) and $2 (last month), index-friendly. */
  readonly range: string;
  /** Range parameters from the first and last month. */
  readonly params: (from: string, to: string) => unknown[];
  readonly dimensions: Partial<Record<StatsDimension, string>>;
}

const monthRange = (column: string) => `${column} BETWEEN $1 AND $2`;
const months = (from: string, to: string) => [from, to];

const CASE_DIMENSIONS: Partial<Record<StatsDimension, string>> = {
  region: `coalesce(c.region, 'unknown')`,
  status: `c.status`,
  outcome: `coalesce(c.outcome, 'none')`,
  needs: `ARRAY(SELECT n.need FROM case_needs n WHERE n.case_id = c.id ORDER BY n.need)`,
  risks: `ARRAY(SELECT k.risk FROM case_risks k WHERE k.case_id = c.id ORDER BY k.risk)`,
  milestone: `ARRAY(SELECT m.milestone FROM case_milestones m WHERE m.case_id = c.id ORDER BY m.milestone)`,
};

export const SUBJECT_SOURCES: Readonly<Record<StatsSubject, SubjectSource>> = {
  reports: {
    from: 'reports r',
    month: `to_char(r.received_at AT TIME ZONE 'UTC', 'YYYY-MM')`,
    // A timestamp range (not to_char) so that an index on received_at serves it.
    range: `r.received_at >= $1::timestamptz AND r.received_at < $2::timestamptz`,
    params: (from, to) => [`${from}-01T00:00:00Z`, `${addMonths(to, 1)}-01T00:00:00Z`],
    dimensions: {
      region: `coalesce(r.region, 'unknown')`,
      category: `r.categories`,
      urgency: `CASE WHEN r.urgent THEN 'urgent' ELSE 'not_urgent' END`,
      channel: `r.channel`,
      status: `r.status`,
    },
  },
  cases: {
    from: 'cases c',
    month: 'c.created_month',
    range: monthRange('c.created_month'),
    params: months,
    dimensions: CASE_DIMENSIONS,
  },
  // People evacuated: cases that reached `relocated`, counted in the month they first reached it.
  evacuated: {
    from: `cases c JOIN (SELECT h.case_id, min(h.month) AS month FROM case_history h
             WHERE h.to_status = 'relocated' GROUP BY h.case_id) e ON e.case_id = c.id`,
    month: 'e.month',
    range: monthRange('e.month'),
    params: months,
    dimensions: CASE_DIMENSIONS,
  },
  // Relocated abroad: closed with that outcome, counted in the month the case closed.
  relocated_abroad: {
    from: `cases c`,
    month: 'c.closed_month',
    range: `c.outcome = 'relocated_abroad' AND ${monthRange('c.closed_month')}`,
    params: months,
    dimensions: CASE_DIMENSIONS,
  },
};

/**
 * One statement: the counts of the finest combinations (month × every basis dimension) of the
 * subject's rows in the range. Multi-valued dimensions group by the row's whole set of values.
 */
export function atomQuery(
  subject: StatsSubject,
  basis: readonly StatsDimension[],
  from: string,
  to: string,
): { sql: string; params: unknown[] } {
  const source = SUBJECT_SOURCES[subject];
  const columns = basis.map((dimension, i) => {
    const expression = source.dimensions[dimension];
    if (!expression) throw new Error(`no column for ${subject}.${dimension}`);
    return `${expression} AS d${i}`;
  });
  const select = [`${source.month} AS month`, ...columns, 'count(*)::int AS n'].join(', ');
  const groups = [...Array(basis.length + 1).keys()].map((i) => String(i + 1)).join(', ');
  return {
    sql: `SELECT ${select} FROM ${source.from} WHERE ${source.range} GROUP BY ${groups}`,
    params: source.params(from, to),
  };
}
