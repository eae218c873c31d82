import { defineErrors } from '../common/errors';

/**
 * Errors of the case routes. A case the caller cannot read is never one of these: it is the
 * common 404 NOT_FOUND, exactly like a missing or malformed id.
 */
export enum CasesErrorCode {
  /** The body does not match the route's schema (the fields are named, never their values). */
  CASE_INVALID_REQUEST = 'CASE_INVALID_REQUEST',
  /** The version sent is not the case's current one: someone changed it first; reload and retry. */
  CASE_VERSION_STALE = 'CASE_VERSION_STALE',
  /** The status machine has no move from the current status to the one asked. */
  CASE_TRANSITION_NOT_ALLOWED = 'CASE_TRANSITION_NOT_ALLOWED',
  /** The move exists, but none of the caller's roles may make it (e.g. accepting, closing). */
  CASE_TRANSITION_ROLE_REQUIRED = 'CASE_TRANSITION_ROLE_REQUIRED',
  /** This move needs a reason (on hold, reject, reopen, closing before relocation). */
  CASE_REASON_REQUIRED = 'CASE_REASON_REQUIRED',
  /** Closing needs an outcome from the fixed list. */
  CASE_OUTCOME_REQUIRED = 'CASE_OUTCOME_REQUIRED',
  /** An outcome is only given when closing. */
  CASE_OUTCOME_NOT_ALLOWED = 'CASE_OUTCOME_NOT_ALLOWED',
  /** The user to assign is unknown, disabled, or holds neither `caseworker` nor `coordinator`. */
  CASE_ASSIGNEE_ROLE_REQUIRED = 'CASE_ASSIGNEE_ROLE_REQUIRED',
  /** The milestone has been recorded for this case already (each is reached once). */
  CASE_MILESTONE_EXISTS = 'CASE_MILESTONE_EXISTS',
  /** The list cursor is not one this server issued. */
  CASE_INVALID_CURSOR = 'CASE_INVALID_CURSOR',
  /** A postponement day not after today, or further than RETENTION_MAX_DAYS from today. */
  CASE_POSTPONE_OUT_OF_RANGE = 'CASE_POSTPONE_OUT_OF_RANGE',
}

export const casesError = defineErrors<CasesErrorCode>({
  CASE_INVALID_REQUEST: { status: 400, message: 'The request is not valid.' },
  CASE_VERSION_STALE: {
    status: 409,
    message: 'The case was changed by someone else; reload it and try again.',
  },
  CASE_TRANSITION_NOT_ALLOWED: {
    status: 409,
    message: 'The case cannot move from its current status to the one asked.',
  },
  CASE_TRANSITION_ROLE_REQUIRED: { status: 409, message: 'Your role may not make this status change.' },
  CASE_REASON_REQUIRED: { status: 422, message: 'This status change needs a reason.' },
  CASE_OUTCOME_REQUIRED: { status: 422, message: 'Closing a case needs an outcome.' },
  CASE_OUTCOME_NOT_ALLOWED: { status: 422, message: 'An outcome is only given when closing a case.' },
  CASE_ASSIGNEE_ROLE_REQUIRED: {
    status: 422,
    message: 'Only an enabled caseworker or coordinator can be assigned.',
  },
  CASE_MILESTONE_EXISTS: { status: 409, message: 'This milestone is recorded for the case already.' },
  CASE_INVALID_CURSOR: { status: 400, message: 'The cursor is not valid.' },
  CASE_POSTPONE_OUT_OF_RANGE: {
    status: 422,
    message: 'The postponement must end after today and within the longest retention allowed.',
  },
});
