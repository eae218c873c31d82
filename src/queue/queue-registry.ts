import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import type IORedis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config';
import { JobPayloads, QueueName, assertContentFreePayload } from './queue-names';
import { createRedisConnection } from './redis-connection';

/** Producer side of every queue, sharing one fail-fast connection. */
@Injectable()
export class QueueRegistry implements OnApplicationShutdown {
  private readonly connection: IORedis;
  private readonly queues = new Map<QueueName, Queue>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.connection = createRedisConnection(config, 'command', 'queues');
  }

  get(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: this.config.redis.prefix });
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Adds a job whose payload is checked to be content-free. */
  async add<N extends QueueName>(name: N, jobName: string, payload: JobPayloads[N], options?: JobsOptions) {
    assertContentFreePayload(payload as Record<string, unknown>);
    return this.get(name).add(jobName, payload, options);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
    this.connection.disconnect();
  }
}
