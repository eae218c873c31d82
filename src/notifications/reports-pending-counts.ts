import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PendingCounts, PendingCountsSource } from './pending-counts';

/**
 * Reads the reports table (read only; intake owns it): reports received and not yet claimed or
 * decided, and the urgent ones among them. One scan of the waiting reports per delivery, at most
 * one delivery per endpoint per debounce window.
 */
@Injectable()
export class ReportsPendingCounts implements PendingCountsSource {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async countPending(): Promise<PendingCounts> {
    const [row]: PendingCounts[] = await this.dataSource.query(
      `SELECT count(*)::int AS pending, (count(*) FILTER (WHERE urgent))::int AS urgent
         FROM reports WHERE status = 'received'`,
    );
    return { pending: row.pending, urgent: row.urgent };
  }
}
