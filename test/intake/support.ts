import type { FastifyRequest } from 'fastify';
import { Role } from '../../src/access/permissions';
import type { Principal } from '../../src/access/principal';
import { SessionAuthenticator } from '../../src/access/principal';
import { CaseAccessService } from '../../src/keys/case-access.service';
import { DecryptedReport, ReportContentService } from '../../src/reports/report-content.service';
import type { TestApp } from '../support/test-app';
import { createSignedInUser } from '../support/factories/users.factory';

/** The principal of a signed-in session, as the guard would build it for a request. */
export async function principalOf(t: TestApp, token: string): Promise<Principal> {
  const principal = await t.app
    .get(SessionAuthenticator)
    .authenticate({ headers: { authorization: `Bearer ${token}` } } as unknown as FastifyRequest);
  if (!principal) throw new Error('no session for this token');
  return principal;
}

/** A triager, signed in, as a principal. */
export async function signedInTriager(t: TestApp): Promise<Principal> {
  const user = await createSignedInUser(t, { roles: [Role.TRIAGER] });
  return principalOf(t, user.token);
}

/** Opens a report as `reader` would in triage: case key through the reader's slot, then the answers. */
export function readAsTriager(t: TestApp, reader: Principal, reportId: string): Promise<DecryptedReport> {
  return t.app
    .get(CaseAccessService)
    .withCaseKeyPair(reader, reportId, (keys) =>
      t.app.get(ReportContentService).readAnswers({ type: 'user', id: reader.userId }, reportId, keys),
    );
}

/** Row counts of every table intake writes (hostile-input and error tests compare before/after). */
export async function intakeRowCounts(t: TestApp): Promise<Record<string, number>> {
  const rows = await t.dataSource.query<{ t: string; n: string }[]>(
    `SELECT 'reports' AS t, count(*) AS n FROM reports
     UNION ALL SELECT 'report_items', count(*) FROM report_items
     UNION ALL SELECT 'report_receipts', count(*) FROM report_receipts
     UNION ALL SELECT 'keys', count(*) FROM keys
     UNION ALL SELECT 'key_slots', count(*) FROM key_slots
     UNION ALL SELECT 'outbox', count(*) FROM outbox`,
  );
  return Object.fromEntries(rows.map((r) => [r.t, Number(r.n)]));
}

export async function latestReportId(t: TestApp): Promise<string> {
  const rows = await t.dataSource.query<{ id: string }[]>(
    `SELECT id FROM reports ORDER BY received_at DESC LIMIT 1`,
  );
  return rows[0].id;
}
