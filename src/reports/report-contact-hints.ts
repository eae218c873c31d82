/**
 * A duplicate hint of a report: which kind of contact field (1 phone, 2 messenger handle, 3 e-mail,
 * the kind ids of src/crypto/blind-index.ts) and its truncated blind index (a bucket shared by
 * many values, never a value).
 */
export interface ContactHint {
  kind: 1 | 2 | 3;
  bucket: number;
}

/** Another report sharing at least one bucket with a report, and the key its content is sealed to. */
export interface HintedReport {
  reportId: string;
  keyId: string;
  /** The case holding that report, if one does (its key is readable through the case). */
  caseId: string | null;
  caseKeyId: string | null;
}

/** At most this many candidates are named per report (a bucket is shared by design). */
export const MAX_HINTED_REPORTS = 50;

/**
 * The reports sharing a bucket with the report `reportSql` names, given its hints as the rows of
 * `mineSql` (kind, bucket), newest first, with their keys and cases (HintedReport's columns). The
 * one definition of the lookup: the reports feature runs it alone, the triage claim embeds it in
 * the statement that stores first-read hints (whose rows its snapshot cannot see yet).
 */
export function reportsSharingHintsSql(mineSql: string, reportSql: string): string {
  return `SELECT r.id AS report_id, r.key_id, c.id AS case_id, c.key_id AS case_key_id
         FROM reports r
         LEFT JOIN case_reports cr ON cr.report_id = r.id
         LEFT JOIN cases c ON c.id = cr.case_id
        WHERE r.id IN (SELECT o.report_id FROM (${mineSql}) AS mine(kind, bucket)
                         JOIN report_contact_hints o ON o.kind = mine.kind AND o.bucket = mine.bucket
                        WHERE o.report_id <> ${reportSql})
        ORDER BY r.received_at DESC
        LIMIT ${MAX_HINTED_REPORTS}`;
}

/** Inserts hints given as two arrays (kinds, buckets) for one report; a repeat adds nothing. */
export function contactHintsInsertSql(reportSql: string, kindsSql: string, bucketsSql: string): string {
  return `INSERT INTO report_contact_hints (report_id, kind, bucket)
       SELECT ${reportSql}, h.kind, h.bucket FROM unnest(${kindsSql}::smallint[], ${bucketsSql}::int[]) AS h(kind, bucket)
       ON CONFLICT DO NOTHING`;
}

/** A row of `reportsSharingHintsSql`. */
export interface HintedReportRow {
  report_id: string;
  key_id: string;
  case_id: string | null;
  case_key_id: string | null;
}

export function hintedReportOf(r: HintedReportRow): HintedReport {
  return { reportId: r.report_id, keyId: r.key_id, caseId: r.case_id, caseKeyId: r.case_key_id };
}
