import { withAppContext } from '../common/cli/app-context';
import type { CliCommand } from '../common/cli/command';
import { RetentionService } from './retention.service';

/** How a dry run says what started each kind's clock. */
const ENDED: Readonly<Record<string, string>> = {
  'case.closed': 'closed',
  'case.rejected': 'rejected',
};
const endedWord = (kind: string) => ENDED[kind] ?? 'decided';

/** `retention:run [--dry-run]`: deletes what is due now (or, dry, says what would go and why). */
export const retentionRunCommand: CliCommand = {
  name: 'retention:run',
  summary:
    'Delete decided reports, finished cases and receipts past their retention policy and coarsen old times, as the scheduled run does (counts per kind; --dry-run changes nothing).',
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
            `${p.kind}: ${p.due} due (${endedWord(p.kind)} more than ${p.days} days ago), ${p.held} under legal hold, ` +
              `${p.postponed} postponed, ${p.inside} inside the policy`,
          );
        out(`receipt.decided: ${await retention.previewReceipts()} receipts expire`);
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
      const k = c.cases;
      out(`case.closed: ${k.closed} deleted`);
      out(`case.rejected: ${k.rejected} deleted`);
      out(
        `case rows: ${k.cases} cases, ${k.reports} reports, ${k.items} items, ${k.receipts} receipts, ` +
          `${k.history} history, ${k.entries} timeline entries, ${k.milestones} milestones, ` +
          `${k.referrals} referrals, ${k.slots} key slots, ${k.keys} keys`,
      );
      out(
        `receipt.decided: ${c.receiptsExpired.reports} expired (${c.receiptsExpired.slots} reporter slots)`,
      );
      out(
        `times coarsened to the month: ${c.itemTimes} item times, ${c.readDays} read days, ${c.slotTimes} key slots`,
      );
      if (c.reminders)
        out(
          `reminder: ${c.reminders.cases} cases and ${c.reminders.reports} reports will be deleted in the next ${c.reminders.withinDays} days`,
        );
      return 0;
    });
  },
};
