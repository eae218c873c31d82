import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config';
import { QueueRegistry } from '../queue/queue-registry';
import { WorkerLoop, WorkerTask } from '../worker/worker-task';
import { OutboxRow } from './outbox-entry';
import { OutboxJobKinds } from './outbox-job-kind';
import { OutboxRepository } from './outbox.repository';
import { jobOptions, jobPayload } from './job-options';
import { failureCode } from './failure-code';

/**
 * How long one add to Redis may take before the relay treats Redis as away. A backstop: each Redis
 * command already fails after 2 s (redis-connection.ts); this also bounds what is not a command,
 * such as BullMQ waiting for its connection to become ready.
 */
const ENQUEUE_TIMEOUT_MS = 5_000;
const MAX_BACKOFF_MS = 5_000;

export interface RelayPass {
  moved: number;
  failed: number;
}

/**
 * Moves outbox rows into their BullMQ queues, in the worker role only. It runs as a loop rather
 * than a scheduler tick: a pass that moved a full batch is followed at once by the next, otherwise
 * the loop looks again after `OUTBOX_POLL_MS` (100 ms), which bounds how long a report waits for
 * its queue. It polls rather than LISTENs because a NOTIFY in the writers' transactions would
 * serialise every intake commit (see the OutboxPollOnly migration); an idle poll is one index
 * probe. When Redis is away the rows stay where they are (nothing is lost) and the loop backs off
 * until an add succeeds again.
 */
@Injectable()
@WorkerTask({ kind: 'loop', name: 'outbox:relay' })
export class OutboxRelay implements WorkerLoop {
  private readonly logger = new Logger('OutboxRelay');
  private running = false;
  private wakeUp: (() => void) | null = null;
  private loopDone: Promise<void> = Promise.resolve();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: OutboxRepository,
    private readonly queues: QueueRegistry,
    private readonly kinds: OutboxJobKinds,
  ) {}

  start(): void {
    this.running = true;
    this.loopDone = this.loop();
    this.logger.log({ batch: this.config.intakeLimits.outbox.relayBatch }, 'outbox relay started');
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loopDone;
  }

  /** One pass: claims a batch, adds each row to its queue, deletes the rows that made it. */
  async relayOnce(): Promise<RelayPass> {
    // Idle, the poll is this one query instead of BEGIN, SELECT … FOR UPDATE and COMMIT.
    if (!(await this.outbox.hasWaiting())) return { moved: 0, failed: 0 };
    return this.outbox.transaction(async (manager) => {
      const rows = await this.outbox.claim(manager, this.config.intakeLimits.outbox.relayBatch);
      if (!rows.length) return { moved: 0, failed: 0 };
      const results = await Promise.allSettled(rows.map((row) => this.enqueue(row)));
      const moved = rows.filter((_, i) => results[i].status === 'fulfilled').map((r) => r.id);
      const failed = rows.filter((_, i) => results[i].status === 'rejected').map((r) => r.id);
      await this.outbox.delete(manager, moved);
      const firstFailure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (firstFailure) await this.outbox.markFailed(manager, failed, failureCode(firstFailure.reason));
      return { moved: moved.length, failed: failed.length };
    });
  }

  private async loop(): Promise<void> {
    let backoffMs = 0;
    while (this.running) {
      let pass: RelayPass = { moved: 0, failed: 0 };
      try {
        pass = await this.relayOnce();
      } catch (error) {
        // PostgreSQL away: same treatment as Redis away.
        pass = { moved: 0, failed: 1 };
        this.logger.warn({ code: failureCode(error) }, 'outbox relay pass failed');
      }
      if (pass.failed) {
        backoffMs = Math.min(Math.max(backoffMs * 2, 100), MAX_BACKOFF_MS);
        if (backoffMs === MAX_BACKOFF_MS || backoffMs === 100)
          this.logger.warn({ failed: pass.failed, backoffMs }, 'outbox relay backing off');
        await this.sleep(backoffMs);
        continue;
      }
      backoffMs = 0;
      if (pass.moved === this.config.intakeLimits.outbox.relayBatch) continue; // more waiting
      await this.sleep(this.config.intakeLimits.outbox.pollMs);
    }
  }

  private async enqueue(row: OutboxRow): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(Object.assign(new Error('enqueue timed out'), { code: 'ETIMEDOUT' })),
        ENQUEUE_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([
        this.queues.add(row.queue, row.jobName, jobPayload(row), jobOptions(this.jobIdOf(row))),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The registered kind's idempotency key, or none (a random id: see `jobOptions`) for a kind
   * without one; the entity id for an entry of no registered kind.
   */
  private jobIdOf(row: OutboxRow): string | undefined {
    const kind = this.kinds.find(row.queue, row.jobName);
    if (!kind) return row.entityId;
    return kind.jobId?.(row.entityId);
  }

  /** Waits `ms`, or less when the relay stops. */
  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = null;
        done();
      };
    });
  }
}
