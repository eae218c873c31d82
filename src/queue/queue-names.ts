import { UUID } from '../common/patterns';

/** Every BullMQ queue, registered in one place. */
export enum QueueName {
  /** New reports waiting for automated then human triage. */
  TRIAGE = 'triage',
  /** Periodic housekeeping (outbox relay, reconciler, audit checkpoints, retention). */
  MAINTENANCE = 'maintenance',
  /** Debounced webhook deliveries of the pending counts (one job per endpoint per window). */
  NOTIFICATIONS = 'notifications',
}

/** Every job and scheduled-task name, in one place (the BullMQ job name; a task's scheduler id). */
export enum JobName {
  /** Triage job of a new report (queue `triage`, job id = report id). */
  REPORT_RECEIVED = 'report.received',
  /** The outbox reconciler's periodic pass (queue `maintenance`). */
  OUTBOX_RECONCILE = 'outbox:reconcile',
  /** The timed rules of cases: stale cases counted into a content-free reminder (queue `maintenance`). */
  CASE_REMINDERS = 'cases:reminders',
  /** Referrals past their acknowledgement deadline, counted into a content-free reminder (queue `maintenance`). */
  REFERRAL_REMINDERS = 'referrals:reminders',
  /** Deletion of what is past its retention policy, in bounded batches (queue `maintenance`). */
  RETENTION_RUN = 'retention:run',
}

/**
 * Job payloads hold ids and fixed names, never content: a Redis dump must reveal nothing about a
 * report. `assertContentFreePayload` enforces it at the point of enqueueing.
 */
export interface JobPayloads {
  [QueueName.TRIAGE]: { reportId: string };
  [QueueName.MAINTENANCE]: { task: string };
  /** The endpoint's content-free id (never its URL or secret); the counts are read at send time. */
  [QueueName.NOTIFICATIONS]: { endpointId: string };
}

const TASK = /^[a-z][a-z0-9:-]{0,63}$/;

export function assertContentFreePayload(payload: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(payload)) {
    const ok =
      typeof value === 'string' &&
      (key === 'task' ? TASK.test(value) : key.endsWith('Id') && UUID.test(value));
    if (!ok) throw new Error(`job payload field "${key}" is not an id or a task name`);
  }
}
