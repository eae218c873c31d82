import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config';

/**
 * The connections statistics read through: a second TypeORM data source to STATS_DATABASE_URL (a
 * replica) or, when unset, to the main database, always opened with
 * `default_transaction_read_only`, so that nothing the stats queries run can write, whatever a
 * bug in them did. Opened on first use: an API node that never answers a query holds no extra
 * connections.
 */
@Injectable()
export class StatsReadSource implements OnModuleDestroy {
  private opening: Promise<DataSource> | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  source(): Promise<DataSource> {
    this.opening ??= new DataSource({
      type: 'postgres',
      url: this.config.stats.databaseUrl ?? this.config.database.url,
      applicationName: 'corridor-stats',
      synchronize: false,
      logging: false,
      poolSize: 2,
      extra: {
        options: '-c default_transaction_read_only=on',
        statement_timeout: this.config.database.statementTimeoutMs,
        query_timeout: this.config.database.statementTimeoutMs + 1_000,
        connectionTimeoutMillis: 5_000,
      },
    })
      .initialize()
      .catch((error: unknown) => {
        this.opening = undefined;
        throw error;
      });
    return this.opening;
  }

  async onModuleDestroy(): Promise<void> {
    const opening = this.opening;
    this.opening = undefined;
    if (opening) await (await opening.catch(() => undefined))?.destroy();
  }
}
