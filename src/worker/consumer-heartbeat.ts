import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { WorkerHost } from './worker-host.service';

/** How often each consumer is looked at. */
export const HEARTBEAT_EVERY_MS = 1_000;
/** A consumer not seen consuming for this long makes the worker role unready. */
export const CONSUMER_STALL_SECONDS = 5;

export interface ConsumerBeat {
  queue: string;
  /** Seconds since this queue's consumer was last seen running (and not paused) in this process. */
  ageSeconds: number;
}

/**
 * Notices a worker that has stopped consuming: every second each BullMQ worker of this process that
 * is running and not paused is stamped; the age of the last stamp is a metric, and a stamp older
 * than CONSUMER_STALL_SECONDS fails `/health/ready` of the worker role. A blocked event loop stops
 * the stamps too, so the age also grows when the process hangs.
 */
@Injectable()
export class ConsumerHeartbeat implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly lastSeen = new Map<string, number>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly host: WorkerHost) {}

  onApplicationBootstrap(): void {
    this.beat();
    this.timer = setInterval(() => this.beat(), HEARTBEAT_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  beats(now = Date.now()): ConsumerBeat[] {
    return [...this.lastSeen].map(([queue, at]) => ({ queue, ageSeconds: (now - at) / 1000 }));
  }

  /** Queues whose consumer has not been seen consuming for CONSUMER_STALL_SECONDS (empty: healthy). */
  stalled(now = Date.now()): string[] {
    return this.beats(now)
      .filter((b) => b.ageSeconds > CONSUMER_STALL_SECONDS)
      .map((b) => b.queue);
  }

  private beat(): void {
    const now = Date.now();
    for (const worker of this.host.consumers()) {
      if (!this.lastSeen.has(worker.name)) this.lastSeen.set(worker.name, now);
      if (worker.isRunning() && !worker.isPaused()) this.lastSeen.set(worker.name, now);
    }
  }
}

/** The heartbeat where WorkerHostModule runs; undefined in the API role, which has no consumers. */
export function findConsumerHeartbeat(moduleRef: ModuleRef): ConsumerHeartbeat | undefined {
  try {
    return moduleRef.get(ConsumerHeartbeat, { strict: false });
  } catch {
    return undefined;
  }
}
