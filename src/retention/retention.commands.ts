import { withAppContext } from '../common/cli/app-context';
import type { CliCommand } from '../common/cli/command';
import { RetentionService } from './retention.service';

/** `retention:run [--dry-run]`: deletes what is due now (or, dry, says what would go and why). */
export const retentionRunCommand: CliCommand = {
  name: 'retention:run',
  summary: 'Delete decided reports past their retention policy (counts per kind; --dry-run deletes nothing).',
  usage: 'retention:run [--dry-run]',
  async run({ args, config, out, err }) {
    const unknown = args.filter((a) => a !== '--dry-run');
    if (unknown.length) {
      err('usage: retention:run [--dry-run]');
      return 2;
    }
    return withAppContext(config, async (app) => {
      const retention = app.get(RetentionService);
      if (args.includes('--dry-run')) {
        for (const p of await retention.preview())
          out(
            `${p.kind}: ${p.due} due (decided more than ${p.days} days ago), ${p.held} under legal hold, ` +
              `${p.postponed} postponed, ${p.inside} inside the policy`,
          );
        out('dry run: nothing deleted');
        return 0;
      }
      const c = await retention.run();
      out(`report.spam: ${c.spam} deleted`);
      out(`report.no_action: ${c.no_action} deleted`);
      out(`report.duplicate: ${c.duplicate} deleted`);
      out(
        `rows: ${c.reports} reports, ${c.items} items, ${c.receipts} receipts, ${c.slots} key slots, ${c.keys} keys`,
      );
      return 0;
    });
  },
};
