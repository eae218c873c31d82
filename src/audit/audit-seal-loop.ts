import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config';
import { WorkerLoop, WorkerTask } from '../worker/worker-task';
import { AuditSealer } from './audit-sealer';

/**
 * Runs the sealer continuously in the worker role (a loop of each worker process), so
 * that entries are sealed within about AUDIT_SEAL_INTERVAL_MS. A loop rather than a BullMQ
 * schedule: sub-second ticks through Redis would cost more than the work. Every worker runs one;
 * the advisory lock lets one seal at a time and the others skip their turn.
 */
@Injectable()
@WorkerTask({ kind: 'loop', name: 'audit:seal' })
export class AuditSealLoop implements WorkerLoop {
  private readonly logger = new Logger('AuditSealLoop');
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly sealer: AuditSealer,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'audit'>,
  ) {}

  start(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number) {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick();
    }, delayMs);
  }

  private async tick(): Promise<void> {
    let next = this.config.audit.sealIntervalMs;
    try {
      const pass = await this.sealer.sealBatch();
      // A full batch means more is waiting: go again at once.
      if (pass.sealed >= this.config.audit.sealBatch) next = 0;
    } catch (error) {
      next = Math.max(next, 1000);
      this.logger.warn(
        { error: (error as Error).name, code: (error as { code?: string }).code },
        'audit sealing failed',
      );
    }
    this.schedule(next);
  }
}
