import { defineErrors } from '../common/errors';

/**
 * Intake answers: each failure has its own stable code, and none stores anything. `details` name
 * form fields (keys the form defines) or counts, never a submitted value or an unknown key.
 */
export enum IntakeErrorCode {
  INTAKE_FORM_NOT_FOUND = 'INTAKE_FORM_NOT_FOUND',
  INTAKE_FORM_CLOSED = 'INTAKE_FORM_CLOSED',
  INTAKE_MALFORMED = 'INTAKE_MALFORMED',
  INTAKE_INVALID_ANSWERS = 'INTAKE_INVALID_ANSWERS',
  INTAKE_MISSING_REQUIRED = 'INTAKE_MISSING_REQUIRED',
  INTAKE_TOO_LARGE = 'INTAKE_TOO_LARGE',
  INTAKE_BAD_ENVELOPE = 'INTAKE_BAD_ENVELOPE',
  INTAKE_UNKNOWN_RECIPIENT = 'INTAKE_UNKNOWN_RECIPIENT',
  INTAKE_REPORT_ID_TAKEN = 'INTAKE_REPORT_ID_TAKEN',
  INTAKE_RECEIPT_TAKEN = 'INTAKE_RECEIPT_TAKEN',
  INTAKE_BUSY = 'INTAKE_BUSY',
}

export const intakeError = defineErrors<IntakeErrorCode>({
  INTAKE_FORM_NOT_FOUND: { status: 404, message: 'No such form.' },
  INTAKE_FORM_CLOSED: { status: 410, message: 'This form no longer takes reports.' },
  INTAKE_MALFORMED: { status: 400, message: 'The report is not in a form this service understands.' },
  INTAKE_INVALID_ANSWERS: { status: 400, message: 'Some answers are not valid for this form.' },
  INTAKE_MISSING_REQUIRED: { status: 400, message: 'Some required questions have no answer.' },
  INTAKE_TOO_LARGE: { status: 413, message: 'An answer is too long.' },
  INTAKE_BAD_ENVELOPE: { status: 400, message: 'An encrypted answer or key is malformed.' },
  INTAKE_UNKNOWN_RECIPIENT: {
    status: 400,
    message: 'The key slots do not match the current recipients; fetch the form again.',
  },
  INTAKE_REPORT_ID_TAKEN: { status: 409, message: 'This report id is already used.' },
  INTAKE_RECEIPT_TAKEN: { status: 409, message: 'This receipt is already used; make a new one.' },
  INTAKE_BUSY: { status: 503, message: 'The service is busy; try again in a moment.' },
});
