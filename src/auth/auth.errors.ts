import { defineErrors } from '../common/errors';

/** Sign-in and own-account errors. */
export enum AuthErrorCode {
  /** The one answer to every failed sign-in: unknown user, wrong password or TOTP, locked, throttled, disabled. */
  LOGIN_FAILED = 'LOGIN_FAILED',
  PASSWORD_INCORRECT = 'PASSWORD_INCORRECT',
  TOTP_ALREADY_ENROLLED = 'TOTP_ALREADY_ENROLLED',
  TOTP_NOT_PENDING = 'TOTP_NOT_PENDING',
  TOTP_INVALID = 'TOTP_INVALID',
}

export const authError = defineErrors<AuthErrorCode>({
  LOGIN_FAILED: { status: 401, message: 'Sign-in failed.' },
  PASSWORD_INCORRECT: { status: 403, message: 'The current password is not correct.' },
  TOTP_ALREADY_ENROLLED: { status: 409, message: 'Two-factor authentication is already enrolled.' },
  TOTP_NOT_PENDING: { status: 409, message: 'Start two-factor enrolment first.' },
  TOTP_INVALID: { status: 400, message: 'The two-factor code is not valid.' },
});
