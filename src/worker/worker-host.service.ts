import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Job, Worker } from 'bullmq';
import { APP_CONFIG, AppConfig } from '../config';
import { QueueName } from '../queue/queue-names';
import { QueueRegistry } from '../queue/queue-registry';
import { createRedisConnection } from '../queue/redis-connection';
import { JobProcessor, ProcessorOptions, QUEUE_PROCESSOR } from './job-processor';
import { PeriodicTask, SCHEDULED_TASK, ScheduledTaskOptions } from './scheduled-task';

/**
 * Runs every queue processor and periodic task found in the application. Shutdown closes the
 * workers, which waits for the jobs in hand to finish, before connections close.
 */
@Injectable()
export class WorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WorkerHost');
  private readonly workers: Worker[] = [];

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
      const processor = Reflect.getMetadata(QUEUE_PROCESSOR, type) as ProcessorOptions | undefined;
      if (processor) this.startWorker(processor, instance as JobProcessor);
      const task = Reflect.getMetadata(SCHEDULED_TASK, type) as ScheduledTaskOptions | undefined;
      if (task) {
        tasks.set(task.name, instance as PeriodicTask);
        await this.schedule(task);
      }
    }
    this.startWorker(
      { queue: QueueName.MAINTENANCE, concurrency: 4 },
      {
        process: async (job: Job) => {
          const task = tasks.get((job.data as { task: string }).task);
          return task ? task.run() : undefined;
        },
      },
    );
    this.logger.log({ workers: this.workers.length, scheduledTasks: tasks.size }, 'worker started');
  }

  private startWorker(options: ProcessorOptions, processor: JobProcessor) {
    const worker = new Worker(options.queue, (job) => processor.process(job), {
      connection: createRedisConnection(this.config, 'blocking', `worker:${options.queue}`),
      prefix: this.config.redis.prefix,
      concurrency: options.concurrency ?? 1,
    });
    // Job errors carry only ids and codes; messages could quote content, so they are not logged.
    worker.on('failed', (job, error) =>
      this.logger.warn({ queue: options.queue, jobId: job?.id, error: error.name }, 'job failed'),
    );
    worker.on('error', () => undefined);
    this.workers.push(worker);
  }

  private async schedule(task: ScheduledTaskOptions) {
    await this.queues
      .get(QueueName.MAINTENANCE)
      .upsertJobScheduler(
        task.name,
        { every: task.everyMs },
        { name: task.name, data: { task: task.name }, opts: { removeOnComplete: 100, removeOnFail: 100 } },
      );
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.workers.map((w) => w.close()));
  }
}
