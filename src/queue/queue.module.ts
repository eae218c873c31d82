import { Global, Module } from '@nestjs/common';
import { QueueRegistry } from './queue-registry';
import { RedisClient } from './redis.provider';

@Global()
@Module({ providers: [QueueRegistry, RedisClient], exports: [QueueRegistry, RedisClient] })
export class QueueModule {}
