import { DynamicModule, Global, Module } from '@nestjs/common';
import type { DestinationStream, Logger } from 'pino';
import type { AppConfig } from '../config';
import { buildRootLogger } from './logger-options';
import { NestPinoLogger } from './nest-pino-logger';

/** The process's root pino logger (the request log hook writes with it). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/** One root logger per application; `NestPinoLogger` is what `app.useLogger` is given. */
@Global()
@Module({})
export class LoggingModule {
  /** `stream` lets tests capture every line the service writes. */
  static forRoot(config: AppConfig, stream?: DestinationStream): DynamicModule {
    const root = buildRootLogger(config, stream);
    return {
      module: LoggingModule,
      providers: [
        { provide: ROOT_LOGGER, useValue: root },
        {
          provide: NestPinoLogger,
          useFactory: (logger: Logger) => new NestPinoLogger(logger),
          inject: [ROOT_LOGGER],
        },
      ],
      exports: [ROOT_LOGGER, NestPinoLogger],
    };
  }
}
