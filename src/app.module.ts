import { DynamicModule, Module, Type } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { AccessModule } from './access/access.module';
import { registerApplicationRoot } from './common/cli/app-context';
import { AppConfig, ConfigModule } from './config';
import { DatabaseModule } from './database/database.module';
import { FEATURE_MODULES } from './features';
import { LoggingModule } from './logging/logging.module';
import { QueueModule } from './queue/queue.module';
import { WorkerHostModule } from './worker/worker-host.module';

export interface AppModuleOptions {
  /** Run queue processors and schedulers in this process too (`npm start`, single machine). */
  withWorker?: boolean;
  /** Where log lines go (tests capture them); stdout when absent. */
  logStream?: DestinationStream;
  /** More modules (tests mount probe routes this way). */
  extraModules?: Type[];
}

/** The application: the same modules in the API and the worker role. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config, options.logStream),
        DatabaseModule,
        QueueModule,
        AccessModule,
        ...FEATURE_MODULES,
        ...(options.withWorker ? [WorkerHostModule] : []),
        ...(options.extraModules ?? []),
      ],
    };
  }
}

// The CLI's feature commands open the application through this (see common/cli/app-context.ts).
registerApplicationRoot((config, options) => AppModule.forRoot(config, options));
