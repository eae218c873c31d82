import { withAppContext } from '../common/cli/app-context';
import type { CliCommand } from '../common/cli/command';
import { initCrypto } from '../crypto';
import { DEFAULT_FORM_SLUG } from './default-report-form';
import { FormsService } from './forms.service';

/** `forms:seed-default`: creates the default `report` form if missing (init does it too). */
export const seedDefaultFormCommand: CliCommand = {
  name: 'forms:seed-default',
  summary: `Create the default intake form "${DEFAULT_FORM_SLUG}" if it does not exist (idempotent).`,
  async run({ config, out }) {
    await initCrypto();
    const created = await withAppContext(config, (app) => app.get(FormsService).ensureDefaultForm());
    out(
      created ? `created the form "${DEFAULT_FORM_SLUG}"` : `the form "${DEFAULT_FORM_SLUG}" already exists`,
    );
    return 0;
  },
};
