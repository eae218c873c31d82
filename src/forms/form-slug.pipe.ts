import { Injectable, PipeTransform } from '@nestjs/common';
import { FormsErrorCode, formsError } from './forms.errors';

export const FORM_SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** A slug in a path: anything that cannot be a slug is simply a form that does not exist. */
@Injectable()
export class FormSlugPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || !FORM_SLUG.test(value)) throw formsError(FormsErrorCode.FORM_NOT_FOUND);
    return value;
  }
}
