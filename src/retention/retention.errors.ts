import { defineErrors } from '../common/errors';

/** Errors of the retention routes. A report the caller cannot read is the common 404 NOT_FOUND. */
export enum RetentionErrorCode {
  /** The body does not match the route's schema (the fields are named, never their values). */
  RETENTION_INVALID_REQUEST = 'RETENTION_INVALID_REQUEST',
  /** An override longer than RETENTION_MAX_DAYS. */
  RETENTION_DAYS_TOO_LONG = 'RETENTION_DAYS_TOO_LONG',
  /** A postponement day not after today, or further than RETENTION_MAX_DAYS from today. */
  RETENTION_POSTPONE_OUT_OF_RANGE = 'RETENTION_POSTPONE_OUT_OF_RANGE',
  /**
   * A postponement of a report that retention does not delete on its own: undecided (never
   * deleted) or in a case (it goes with its case: postpone the case).
   */
  RETENTION_REPORT_NOT_POSTPONABLE = 'RETENTION_REPORT_NOT_POSTPONABLE',
}

export const retentionError = defineErrors<RetentionErrorCode>({
  RETENTION_INVALID_REQUEST: { status: 400, message: 'The request is not valid.' },
  RETENTION_DAYS_TOO_LONG: {
    status: 422,
    message: 'A retention period may not exceed the configured maximum.',
  },
  RETENTION_POSTPONE_OUT_OF_RANGE: {
    status: 422,
    message: 'The postponement must end after today and within the longest retention allowed.',
  },
  RETENTION_REPORT_NOT_POSTPONABLE: {
    status: 409,
    message: 'Only a decided report outside a case is deleted on its own; postpone its case instead.',
  },
});
