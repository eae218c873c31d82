import { withAppContext } from '../common/cli/app-context';
import type { CliCommand } from '../common/cli/command';
import { AppError } from '../common/errors';
import type { StatsAudience, StatsSubject } from './stats-answer';
import { StatsService } from './stats.service';

const USAGE =
  'stats:export --subject=<reports|cases|evacuated|relocated_abroad> --from=YYYY-MM --to=YYYY-MM ' +
  '[--group-by=a,b] [--audience=analyst|public]';

const OPTIONS = ['subject', 'from', 'to', 'group-by', 'audience'];

/** `--name=value` options; undefined when an argument is not one of OPTIONS. */
function parseOptions(args: readonly string[]): Map<string, string> | undefined {
  const options = new Map<string, string>();
  for (const arg of args) {
    const match = /^--([a-z-]+)=(.*)$/.exec(arg);
    if (!match || !OPTIONS.includes(match[1])) return undefined;
    options.set(match[1], match[2]);
  }
  return options;
}

/**
 * `stats:export`: an offline release, protected and recorded in the ledger exactly as the API's
 * (StatsService.answerQuery; audited with the system as actor); prints the answer as JSON.
 */
export const statsExportCommand: CliCommand = {
  name: 'stats:export',
  summary: 'Export a protected statistics table (a release in the ledger) as JSON.',
  usage: USAGE,
  async run({ args, config, out, err }) {
    const options = parseOptions(args);
    const audience = (options?.get('audience') ?? 'analyst') as StatsAudience;
    if (
      !options?.get('subject') ||
      !options.get('from') ||
      !options.get('to') ||
      !['analyst', 'public'].includes(audience)
    ) {
      err(`usage: ${USAGE}`);
      return 2;
    }
    const input = {
      subject: options.get('subject') as StatsSubject,
      groupBy: (options.get('group-by') ?? '').split(',').filter(Boolean),
      from: options.get('from')!,
      to: options.get('to')!,
    };
    return withAppContext(config, async (app) => {
      try {
        const answer = await app.get(StatsService).answerQuery(input, audience, { type: 'system' });
        out(JSON.stringify(answer, null, 2));
        return 0;
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        err(`${error.code}: ${error.message}`);
        return 2;
      }
    });
  },
};
