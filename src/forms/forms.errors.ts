import { defineErrors } from '../common/errors';

export enum FormsErrorCode {
  FORM_NOT_FOUND = 'FORM_NOT_FOUND',
  FORM_SLUG_TAKEN = 'FORM_SLUG_TAKEN',
  FORM_INVALID_DEFINITION = 'FORM_INVALID_DEFINITION',
}

export const formsError = defineErrors<FormsErrorCode>({
  FORM_NOT_FOUND: { status: 404, message: 'No such form.' },
  FORM_SLUG_TAKEN: { status: 409, message: 'A form with this slug already exists.' },
  FORM_INVALID_DEFINITION: { status: 400, message: 'The form definition is not valid.' },
});
