import { FORM_SLUG } from '../common/patterns';
import { Injectable, PipeTransform } from '@nestjs/common';
import { FormsErrorCode, formsError } from './forms.errors';

export { FORM_SLUG };

/** A slug in a path: anything that cannot be a slug is simply a form that does not exist. */
@Injectable()
export class FormSlugPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || !FORM_SLUG.test(value)) throw formsError(FormsErrorCode.FORM_NOT_FOUND);
    return value;
  }
}
