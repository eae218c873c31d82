import { Injectable } from '@nestjs/common';
import type { Principal } from '../access/principal';
import { AuditAction } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { UUID } from '../common/patterns';
import { wipe } from '../crypto';
import { CaseAccessService } from '../keys/case-access.service';
import { TeamsService } from '../teams/teams.service';
import { CaseReadsRepository } from './case-reads.repository';
import { CaseSummaryView, caseSummaryView } from './case-reading.service';
import type { ListQuery } from './case-schemas';
import { CasesErrorCode, casesError } from './cases.errors';

export interface CasePage {
  cases: CaseSummaryView[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

/**
 * `GET /cases`: one page of the cases the caller's keys open — their own slots and the slots held
 * by the coordination team keys they hold — filtered on the plain fields, with summaries and
 * aliases decrypted. A case the caller has no chain to is not in the page (the database returns
 * only rows with a slot of the caller's keyring), and one whose slot does not open is left out too:
 * the list never shows what the keys do not open.
 */
@Injectable()
export class CaseListService {
  constructor(
    private readonly reads: CaseReadsRepository,
    private readonly access: CaseAccessService,
    private readonly teams: TeamsService,
    private readonly audit: AuditService,
  ) {}

  async list(principal: Principal, query: ListQuery): Promise<CasePage> {
    if (query.cursor !== undefined && !UUID.test(query.cursor))
      throw casesError(CasesErrorCode.CASE_INVALID_CURSOR);
    const teamKeyIds = await this.teams.teamKeyIds('coordination');
    const page = await this.access.withKeyring(principal, teamKeyIds, async (keyring) => {
      const rows = await this.reads.page(principal.userId, keyring.holderKeyIds, {
        status: query.status,
        needs: query.needs,
        risks: query.risks,
        assignedTo: query.assignee === 'me' ? principal.userId : undefined,
        updatedMonth: query.updatedMonth,
        after: query.cursor,
        limit: query.limit + 1,
      });
      const more = rows.length > query.limit;
      const cases: CaseSummaryView[] = [];
      for (const row of rows.slice(0, query.limit)) {
        const keys = keyring.open(row.slot, row.keyId, row.publicKey);
        if (!keys) continue;
        try {
          cases.push(caseSummaryView(row, keys));
        } finally {
          wipe(keys.privateKey);
        }
      }
      const last = rows[Math.min(rows.length, query.limit) - 1];
      return { cases, nextCursor: more && last ? last.id : null };
    });
    if (page.cases.length)
      await this.audit.recordAlone({
        actor: { type: 'user', id: principal.userId },
        action: AuditAction.CASE_CONTENT_DECRYPTED,
        details: { purpose: 'list', cases: page.cases.map((c) => c.id) },
      });
    return page;
  }
}
