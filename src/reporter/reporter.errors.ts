import { defineErrors } from '../common/errors';

/**
 * One generic failure for opening a session (wrong receipt, unknown receipt, malformed input): a
 * receipt guesser learns nothing from the answer or its timing.
 */
export enum ReporterErrorCode {
  REPORTER_SESSION_FAILED = 'REPORTER_SESSION_FAILED',
  REPORTER_UNAUTHENTICATED = 'REPORTER_UNAUTHENTICATED',
  REPORTER_INVALID_MESSAGE = 'REPORTER_INVALID_MESSAGE',
}

export const reporterError = defineErrors<ReporterErrorCode>({
  REPORTER_SESSION_FAILED: { status: 401, message: 'This receipt does not open a report.' },
  REPORTER_UNAUTHENTICATED: { status: 401, message: 'The reporter session is missing or has ended.' },
  REPORTER_INVALID_MESSAGE: { status: 400, message: 'The message is empty, too long or not valid text.' },
});
