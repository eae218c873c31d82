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
