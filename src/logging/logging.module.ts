import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { AppConfig } from '../config';
import { buildLoggerParams, buildRootLogger } from './logger-options';

/** The root pino logger, for the request log hook (`applyRequestLog`). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

@Module({})
export class LoggingModule {
  /** `stream` lets tests capture every line the service writes. */
  static forRoot(config: AppConfig, stream?: DestinationStream): DynamicModule {
    const root = buildRootLogger(config, stream);
    return {
      module: LoggingModule,
      imports: [LoggerModule.forRoot(buildLoggerParams(root))],
      providers: [{ provide: ROOT_LOGGER, useValue: root }],
      exports: [ROOT_LOGGER],
    };
  }
}
