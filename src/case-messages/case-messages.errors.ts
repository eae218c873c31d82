import { defineErrors } from '../common/errors';

/** The case messages' own failures; each leaves everything as it was. */
export enum CaseMessageErrorCode {
  /** The body does not fit its schema (empty or oversized text, malformed report ids). */
  CASE_MESSAGE_INVALID = 'CASE_MESSAGE_INVALID',
  /** A report id of `reportIds` is not one of the case's reports. */
  CASE_MESSAGE_REPORT_NOT_IN_CASE = 'CASE_MESSAGE_REPORT_NOT_IN_CASE',
}

export const caseMessageError = defineErrors<CaseMessageErrorCode>({
  CASE_MESSAGE_INVALID: { status: 400, message: 'The message is not valid.' },
  CASE_MESSAGE_REPORT_NOT_IN_CASE: { status: 422, message: 'That report is not part of this case.' },
});
