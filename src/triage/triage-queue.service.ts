import { Injectable } from '@nestjs/common';
import { Clock } from '../access/clock';
import { QueueName } from '../queue/queue-names';
import { QueueRegistry } from '../queue/queue-registry';
import { PRIORITY_NAMES, TriagePriority } from './triage-priority';
import { TriageRepository } from './triage.repository';

export const AGE_BUCKETS = ['under_1h', '1h_to_6h', '6h_to_24h', 'over_24h'] as const;
type AgeBucket = (typeof AGE_BUCKETS)[number];

/** Queues whose failed jobs a triager is told about (and `triage:retry-failed` re-queues). */
export const WATCHED_QUEUES = [QueueName.TRIAGE, QueueName.NOTIFICATIONS] as const;

export interface QueueOverview {
  /** Undecided reports by priority and time waiting; `leased` of them are claimed right now. */
  waiting: Record<'urgent' | 'raised' | 'normal', Record<AgeBucket, number>>;
  leased: number;
  total: number;
  /** Jobs that used up their attempts, per queue. */
  failedJobs: Record<(typeof WATCHED_QUEUES)[number], number>;
}

/** `GET /triage/queue`: counts only — no ids, no content, no times beyond the four buckets. */
@Injectable()
export class TriageQueueService {
  constructor(
    private readonly items: TriageRepository,
    private readonly queues: QueueRegistry,
    private readonly clock: Clock,
  ) {}

  async overview(): Promise<QueueOverview> {
    const empty = () => Object.fromEntries(AGE_BUCKETS.map((b) => [b, 0])) as Record<AgeBucket, number>;
    const waiting = { urgent: empty(), raised: empty(), normal: empty() };
    let leased = 0;
    let total = 0;
    for (const row of await this.items.waitingCounts(new Date(this.clock.now()))) {
      waiting[PRIORITY_NAMES[row.priority as TriagePriority]][AGE_BUCKETS[row.ageBucket]] += row.count;
      leased += row.leased;
      total += row.count;
    }
    const failed = await Promise.all(WATCHED_QUEUES.map((q) => this.queues.get(q).getFailedCount()));
    const failedJobs = Object.fromEntries(
      WATCHED_QUEUES.map((q, i) => [q, failed[i]]),
    ) as QueueOverview['failedJobs'];
    return { waiting, leased, total, failedJobs };
  }

  /** Moves every failed job of the watched queues back to waiting; returns how many per queue. */
  async retryFailed(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const name of WATCHED_QUEUES) {
      const queue = this.queues.get(name);
      const count = await queue.getFailedCount();
      if (count > 0) await queue.retryJobs({ state: 'failed', count: 1000 });
      out[name] = count;
    }
    return out;
  }
}
