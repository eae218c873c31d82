import { withAppContext } from '../common/cli/app-context';
import type { CliCommand } from '../common/cli/command';
import { TriageQueueService } from './triage-queue.service';

/** `triage:retry-failed`: moves the failed jobs of the triage and notifications queues back to waiting. */
export const retryFailedCommand: CliCommand = {
  name: 'triage:retry-failed',
  summary: 'Re-queue the failed jobs of the triage and notifications queues (counts only are printed).',
  async run({ config, out }) {
    const retried = await withAppContext(config, (app) => app.get(TriageQueueService).retryFailed());
    for (const [queue, n] of Object.entries(retried)) out(`${queue}: ${n} failed job(s) re-queued`);
    return 0;
  },
};
