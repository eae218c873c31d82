import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditAction } from '../audit/audit-action';
import type { AuditActor } from '../audit/audit-event';
import { AuditService } from '../audit/audit.service';
import { CommonErrorCode, commonError } from '../common/errors';
import { KeyPair, isCryptoError, openFromCaseAsString, sealToCase } from '../crypto';
import type { MessageAuthor } from './report-item.entity';
import { messageItemKey, messageLocation } from './report-locations';
import { ReportsRepository } from './reports.repository';

/** A stored message item, as `openThread` reads it. */
export interface MessageItem {
  id: string;
  itemKey: string;
  author: MessageAuthor | null;
  envelope: Uint8Array;
  createdAt: Date;
  authorUserId: string | null;
  reporterReadOn: string | null;
}

/** Longest message, in UTF-8 bytes. */
export const MAX_MESSAGE_BYTES = 16 * 1024;

export interface ThreadMessage {
  id: string;
  from: MessageAuthor;
  /** Null when the envelope does not open (it is named rather than hidden). */
  text: string | null;
  sentAt: Date;
  /** The caseworker who wrote it (null for the reporter's own messages). */
  authorUserId: string | null;
  /** The day the reporter first read a caseworker's message (`YYYY-MM-DD`), else null. */
  readOn: string | null;
}

/**
 * The message thread between a reporter and caseworkers. Anyone who knows a report's public key
 * can add a message (write without read); reading needs the case key pair — the reporter gets it
 * through the reporter slot, caseworkers through their own slots.
 */
@Injectable()
export class ReportMessagesService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly audit: AuditService,
  ) {}

  /** A caseworker's message to the reporter (the cases issue routes it; its caller checks access). */
  addCaseworkerMessage(
    manager: EntityManager,
    reportId: string,
    userId: string,
    text: string,
  ): Promise<string> {
    return this.add(manager, reportId, 'caseworker', { type: 'user', id: userId }, text);
  }

  /** The reporter's message, added through a reporter session. */
  addReporterMessage(manager: EntityManager, reportId: string, text: string): Promise<string> {
    return this.add(manager, reportId, 'reporter', { type: 'reporter' }, text);
  }

  /** The thread in order, decrypted with the case key pair. */
  async thread(reportId: string, caseKeys: KeyPair): Promise<ThreadMessage[]> {
    return this.openThread(reportId, caseKeys, await this.reports.listItems(reportId, 'message'));
  }

  /** Message items already read (in thread order), decrypted with the case key pair. */
  openThread(reportId: string, caseKeys: KeyPair, items: MessageItem[]): ThreadMessage[] {
    return items.map((item) => ({
      id: item.id,
      from: item.author!,
      text: openMessage(caseKeys, reportId, item.itemKey, new Uint8Array(item.envelope)),
      sentAt: item.createdAt,
      authorUserId: item.authorUserId,
      readOn: item.reporterReadOn,
    }));
  }

  /**
   * The reporter has read the thread: the caseworkers' messages not yet marked are marked with
   * today's date (a day only). Not audited: an entry would time the reporter's visit.
   */
  markReadByReporter(manager: EntityManager, reportId: string): Promise<number> {
    return this.reports.markCaseworkerMessagesRead(manager, reportId);
  }

  private async add(
    manager: EntityManager,
    reportId: string,
    author: MessageAuthor,
    actor: AuditActor,
    text: string,
  ): Promise<string> {
    const report = await this.reports.findById(reportId, manager);
    if (!report) throw commonError(CommonErrorCode.NOT_FOUND);
    const seq = await this.reports.nextMessageSeq(manager, reportId);
    if (seq === null) throw commonError(CommonErrorCode.NOT_FOUND);
    const itemKey = messageItemKey(seq);
    const envelope = sealToCase(
      new Uint8Array(report.casePublicKey),
      text,
      messageLocation(reportId, itemKey),
    );
    const item = await this.reports.insertMessage(manager, {
      reportId,
      itemKey,
      author,
      authorUserId: actor.type === 'user' ? actor.id : null,
      envelope,
    });
    await this.audit.record(manager, {
      actor,
      action: AuditAction.REPORTER_MESSAGE_ADDED,
      targetType: 'report',
      // A caseworker's message is tied to its report; a reporter's is not (exact times for ever).
      ...(actor.type === 'user' ? { targetId: reportId, details: { messageId: item.id } } : {}),
    });
    return item.id;
  }
}

function openMessage(
  caseKeys: KeyPair,
  reportId: string,
  itemKey: string,
  envelope: Uint8Array,
): string | null {
  try {
    return openFromCaseAsString(caseKeys, envelope, messageLocation(reportId, itemKey));
  } catch (error) {
    if (isCryptoError(error)) return null;
    throw error;
  }
}
