import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { AppConfig } from '../config';
import { buildLoggerParams } from './logger-options';

@Module({})
export class LoggingModule {
  /** `stream` lets tests capture every line the service writes. */
  static forRoot(config: AppConfig, stream?: DestinationStream): DynamicModule {
    return { module: LoggingModule, imports: [LoggerModule.forRoot(buildLoggerParams(config, stream))] };
  }
}
