import { AppError } from '../errors/app-error';

/** The one error body of the API: `{ error: { code, message, requestId?, details? } }`. */
export function errorBody(error: AppError, requestId?: string) {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(requestId ? { requestId } : {}),
      ...(error.details ? { details: error.details } : {}),
    },
  };
}
