export { AppError, ErrorFactory, ErrorSpec, defineErrors } from './app-error';
export { CommonErrorCode, commonError } from './common-errors';
