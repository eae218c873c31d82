import { defineErrors } from '../common/errors';

/** Errors of the retention routes. A report the caller cannot read is the common 404 NOT_FOUND. */
export enum RetentionErrorCode {
  /** The body does not match the route's schema (the fields are named, never their values). */
  RETENTION_INVALID_REQUEST = 'RETENTION_INVALID_REQUEST',
  /** An override longer than RETENTION_MAX_DAYS. */
  RETENTION_DAYS_TOO_LONG = 'RETENTION_DAYS_TOO_LONG',
}

export const retentionError = defineErrors<RetentionErrorCode>({
  RETENTION_INVALID_REQUEST: { status: 400, message: 'The request is not valid.' },
  RETENTION_DAYS_TOO_LONG: {
    status: 422,
    message: 'A retention period may not exceed the configured maximum.',
  },
});
