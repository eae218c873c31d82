import { defineErrors } from '../common/errors';

/**
 * One generic failure for opening a session (wrong receipt, unknown receipt, malformed input): a
 * receipt guesser learns nothing from the answer or its timing.
 */
export enum ReporterErrorCode {
  REPORTER_SESSION_FAILED = 'REPORTER_SESSION_FAILED',
  REPORTER_UNAUTHENTICATED = 'REPORTER_UNAUTHENTICATED',
  REPORTER_INVALID_MESSAGE = 'REPORTER_INVALID_MESSAGE',
  /** Too many messages to the report this hour (details.retryAfterSeconds says when to retry). */
  REPORTER_MESSAGE_RATE_LIMITED = 'REPORTER_MESSAGE_RATE_LIMITED',
  /** The report holds as many reporter messages as it may: waiting does not help. */
  REPORTER_MESSAGE_LIMIT_REACHED = 'REPORTER_MESSAGE_LIMIT_REACHED',
}

export const reporterError = defineErrors<ReporterErrorCode>({
  REPORTER_SESSION_FAILED: { status: 401, message: 'This receipt does not open a report.' },
  REPORTER_UNAUTHENTICATED: { status: 401, message: 'The reporter session is missing or has ended.' },
  REPORTER_INVALID_MESSAGE: { status: 400, message: 'The message is empty, too long or not valid text.' },
  REPORTER_MESSAGE_RATE_LIMITED: {
    status: 429,
    message: 'Too many messages to this report for now; try again later.',
  },
  REPORTER_MESSAGE_LIMIT_REACHED: {
    status: 429,
    message: 'This report cannot take more messages; contact the hotline another way.',
  },
});
