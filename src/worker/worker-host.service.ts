import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Job, Worker } from 'bullmq';
import type IORedis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config';
import { QueueName } from '../queue/queue-names';
import { QueueRegistry } from '../queue/queue-registry';
import { createRedisConnection } from '../queue/redis-connection';
import { JobProcessor, PeriodicTask, WORKER_TASK, WorkerLoop, WorkerTaskOptions } from './worker-task';

interface ProcessorOptions {
  queue: QueueName;
  concurrency?: number;
}

interface Schedule {
  name: string;
  repeat: { every: number } | { pattern: string; tz: 'UTC' };
}

const RESCHEDULE_EVERY_MS = 60_000;

/**
 * Runs every provider marked `@WorkerTask` (processors, periodic tasks, loops) found in the
 * application. Shutdown stops the loops and closes the workers, which waits for the jobs in hand
 * to finish, before connections close.
 */
@Injectable()
export class WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('WorkerHost');
  private readonly workers: Worker[] = [];
  private readonly schedules: Schedule[] = [];
  private readonly loops: WorkerLoop[] = [];
  private readonly connections: IORedis[] = [];
  private rescheduler?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly discovery: DiscoveryService,
    private readonly queues: QueueRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const tasks = new Map<string, PeriodicTask>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as unknown;
      const type = wrapper.metatype as object | undefined;
      if (!instance || !type) continue;
      const task = Reflect.getMetadata(WORKER_TASK, type) as WorkerTaskOptions | undefined;
      if (!task) continue;
      switch (task.kind) {
        case 'processor':
          this.startWorker(task, instance as JobProcessor);
          break;
        case 'schedule':
          tasks.set(task.name, instance as PeriodicTask);
          this.schedules.push({
            name: task.name,
            repeat:
              'pattern' in task
                ? { pattern: task.pattern(this.config), tz: 'UTC' }
                : { every: task.everyMs(this.config) },
          });
          break;
        case 'loop':
          this.loops.push(instance as WorkerLoop);
          break;
      }
    }
    // Schedules live in Redis: a Redis that restarts empty (or is away at boot) loses them, so they
    // are (idempotently) upserted again every minute rather than only once at start.
    await this.scheduleAll();
    this.rescheduler = setInterval(() => void this.scheduleAll(), RESCHEDULE_EVERY_MS);
    this.rescheduler.unref();
    this.startWorker(
      { queue: QueueName.MAINTENANCE, concurrency: 4 },
      {
        process: async (job: Job) => {
          const task = tasks.get((job.data as { task: string }).task);
          return task ? task.run() : undefined;
        },
      },
    );
    for (const loop of this.loops) loop.start();
    this.logger.log(
      { workers: this.workers.length, scheduledTasks: tasks.size, loops: this.loops.length },
      'worker started',
    );
  }

  /** This process's queue consumers, for the heartbeat (src/worker/consumer-heartbeat.ts). */
  consumers(): readonly Worker[] {
    return this.workers;
  }

  private startWorker(options: ProcessorOptions, processor: JobProcessor) {
    // BullMQ does not close a connection it was handed: keep it, and close it after the worker.
    const connection = createRedisConnection(this.config, 'blocking', `worker:${options.queue}`);
    this.connections.push(connection);
    const worker = new Worker(options.queue, (job) => processor.process(job), {
      connection,
      prefix: this.config.redis.prefix,
      concurrency: options.concurrency ?? 1,
    });
    // Neither the error's message (it could quote content) nor the job id: a triage job's id is a
    // report id, and a log line would date it. The job itself says which failed (BullMQ's failed set).
    worker.on('failed', (job, error) =>
      this.logger.warn(
        { queue: options.queue, attempts: job?.attemptsMade, error: error.name },
        'job failed',
      ),
    );
    worker.on('error', () => undefined);
    this.workers.push(worker);
  }

  private async scheduleAll(): Promise<void> {
    for (const task of this.schedules) {
      try {
        await this.schedule(task);
      } catch {
        this.logger.warn({ task: task.name }, 'could not schedule task (Redis unavailable); will retry');
      }
    }
  }

  private async schedule(task: Schedule) {
    await this.queues.get(QueueName.MAINTENANCE).upsertJobScheduler(task.name, task.repeat, {
      name: task.name,
      data: { task: task.name },
      opts: { removeOnComplete: 100, removeOnFail: 100 },
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.loops.map((loop) => loop.stop()));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.rescheduler) clearInterval(this.rescheduler);
    await Promise.allSettled(this.workers.map((w) => w.close()));
    for (const connection of this.connections) connection.disconnect();
  }
}
