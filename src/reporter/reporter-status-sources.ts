import { Injectable } from '@nestjs/common';
import type { ReporterStatus } from './reporter-status';

/**
 * A feature above the reporter's (the case messages) that knows a better reporter-facing status
 * for a report than the report's own — the status of the case it belongs to — implements this and
 * registers itself when its module starts, so that the reporter feature never imports cases.
 */
export interface ReporterStatusSource {
  /** The reporter-facing status of `reportId`, or null when this source knows none. */
  statusOf(reportId: string): Promise<ReporterStatus | null>;
}

/** The registry (provided and exported by ReporterModule); at most one source. */
@Injectable()
export class ReporterStatusSources {
  private source: ReporterStatusSource | null = null;

  register(source: ReporterStatusSource): void {
    if (this.source) throw new Error('a reporter status source is registered already');
    this.source = source;
  }

  statusOf(reportId: string): Promise<ReporterStatus | null> {
    return this.source ? this.source.statusOf(reportId) : Promise.resolve(null);
  }
}
