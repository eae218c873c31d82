import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { MessageAuthor, ReportItem } from './report-item.entity';
import { ReportReceipt } from './report-receipt.entity';
import { Report } from './report.entity';

export type NewReport = Omit<
  Report,
  'status' | 'messageSeq' | 'receivedAt' | 'queuedAt' | 'casePublicKey'
> & {
  casePublicKey: Uint8Array;
};

export interface NewAnswerItem {
  key: string;
  envelope: Uint8Array;
}

/** Data access for reports, their items and receipt lookups; no rules here. */
@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insertReport(manager: EntityManager, report: NewReport): Promise<void> {
    await manager.insert(Report, { ...report, casePublicKey: Buffer.from(report.casePublicKey) });
  }

  async insertAnswers(manager: EntityManager, reportId: string, answers: NewAnswerItem[]): Promise<void> {
    if (!answers.length) return;
    await manager.insert(
      ReportItem,
      answers.map((a) => ({
        reportId,
        kind: 'answer' as const,
        itemKey: a.key,
        author: null,
        envelope: Buffer.from(a.envelope),
      })),
    );
  }

  async insertReceipt(manager: EntityManager, lookupId: string, reportId: string): Promise<void> {
    await manager.insert(ReportReceipt, { lookupId, reportId });
  }

  findById(reportId: string, manager: EntityManager = this.dataSource.manager) {
    return manager.findOne(Report, { where: { id: reportId } });
  }

  async reportIdByLookup(lookupId: string): Promise<string | null> {
    const row = await this.dataSource.manager.findOne(ReportReceipt, { where: { lookupId } });
    return row?.reportId ?? null;
  }

  listItems(reportId: string, kind: 'answer' | 'message', manager: EntityManager = this.dataSource.manager) {
    return manager.find(ReportItem, { where: { reportId, kind }, order: { itemKey: 'ASC' } });
  }

  /** Takes the next message number of a report (the row lock orders concurrent messages). */
  async nextMessageSeq(manager: EntityManager, reportId: string): Promise<number | null> {
    // A CTE, so that the driver returns the RETURNING rows as a plain SELECT result.
    const rows = await manager.query<{ message_seq: number }[]>(
      `WITH next AS (UPDATE reports SET message_seq = message_seq + 1 WHERE id = $1 RETURNING message_seq)
       SELECT message_seq FROM next`,
      [reportId],
    );
    return rows[0]?.message_seq ?? null;
  }

  async insertMessage(
    manager: EntityManager,
    item: { reportId: string; itemKey: string; author: MessageAuthor; envelope: Uint8Array },
  ): Promise<ReportItem> {
    const row = manager.create(ReportItem, {
      reportId: item.reportId,
      kind: 'message',
      itemKey: item.itemKey,
      author: item.author,
      envelope: Buffer.from(item.envelope),
    });
    return manager.save(row);
  }
}
