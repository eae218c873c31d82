import { defineErrors } from '../common/errors';

/** Codes of the abuse defences. Rate limiting uses the shared `RATE_LIMITED` code. */
export enum AbuseErrorCode {
  POW_REQUIRED = 'POW_REQUIRED',
  POW_FAILED = 'POW_FAILED',
  POW_DISABLED = 'POW_DISABLED',
  FIELD_TOO_LARGE = 'FIELD_TOO_LARGE',
  BODY_TOO_COMPLEX = 'BODY_TOO_COMPLEX',
}

export const abuseError = defineErrors<AbuseErrorCode>({
  POW_REQUIRED: { status: 400, message: 'A proof of work is required for this form.' },
  POW_FAILED: { status: 403, message: 'The proof of work is not valid.' },
  POW_DISABLED: { status: 404, message: 'Proof of work is not enabled.' },
  FIELD_TOO_LARGE: { status: 413, message: 'A field of the request is too large.' },
  BODY_TOO_COMPLEX: { status: 400, message: 'The request body is nested too deeply or has too many parts.' },
});
