import { stringify } from 'csv-stringify/sync';
import type { StatsAnswer } from '../stats-answer';
import { valueOf } from './answer-cells';

/** The response's content type: RFC 4180 CSV with a header row, UTF-8. */
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8; header=present';

/** A download name that says what the file holds: `stats-cases-2019-01-2019-03-<release id>.csv`. */
export const csvFileName = (answer: StatsAnswer): string =>
  `stats-${answer.subject}-${answer.from}-${answer.to}-${answer.protection.releaseId}.csv`.replace(
    /[^A-Za-z0-9_.-]/g,
    '_',
  );

/** The response's Content-Disposition: a download, never shown inline. */
export const csvContentDisposition = (answer: StatsAnswer): string =>
  `attachment; filename="${csvFileName(answer)}"`;

/**
 * A protected answer as one rectangular CSV table (RFC 4180: CRLF records, fields quoted when
 * they hold a comma, quote or line break, quotes doubled), UTF-8 with a byte-order mark so that
 * spreadsheets read Cyrillic region names as UTF-8.
 *
 * Columns: the dimensions, `count` (empty when suppressed), `suppressed` (`true`/`false`), then
 * how the table was protected — subject, range, audience, threshold, rounding base, method,
 * release id (and the noise mechanism and ε under differential privacy) — repeated on every row.
 * Repeated columns rather than a second section or `#` comments: a second section or comments
 * break the one-header-one-table shape every CSV reader expects (RFC 4180 knows neither), and a
 * row copied or filtered on its own keeps the release it came from and the rounding it carries.
 * The analyst's remaining privacy budget is left out: it describes the caller, not the figures,
 * and a CSV is made to be passed on.
 *
 * Why a cell was suppressed (primary, secondary, ledger) is not written: telling a primary cell
 * from the others would tell a reader that it holds fewer than the threshold.
 *
 * Values that a spreadsheet would run as a formula (starting with = + - @ tab or CR) are
 * prefixed with an apostrophe (OWASP "CSV injection"), by csv-stringify's `escape_formulas`.
 */
export function renderCsv(answer: StatsAnswer): string {
  const { protection } = answer;
  const provenance: [string, string | number][] = [
    ['subject', answer.subject],
    ['from', answer.from],
    ['to', answer.to],
    ['audience', protection.audience],
    ['threshold', protection.threshold],
    ['rounding_base', protection.roundingBase],
    ['method', protection.method],
    ['release_id', protection.releaseId],
    ...(protection.noise
      ? ([
          ['noise_mechanism', protection.noise.mechanism],
          ['epsilon', protection.noise.epsilon],
        ] as [string, string | number][])
      : []),
  ];
  const header = [...answer.groupBy, 'count', 'suppressed', ...provenance.map(([name]) => name)];
  const rows = answer.cells.map((cell) => [
    ...answer.groupBy.map((dimension) => valueOf(cell, dimension)),
    cell.suppressed ? '' : cell.count,
    cell.suppressed ? 'true' : 'false',
    ...provenance.map(([, value]) => value),
  ]);
  return stringify([header, ...rows], {
    bom: true,
    record_delimiter: 'windows',
    escape_formulas: true,
    // csv-stringify quotes a field holding the record delimiter (CRLF) but not a lone CR or LF,
    // which readers take for the end of a record.
    quoted_match: /[\r\n]/,
  });
}
