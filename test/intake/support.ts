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

/**
 * Row counts of every table of the schema (hostile-input and error tests compare before/after), so a
 * refused request that writes anything anywhere — an audit entry, an outbox row, a table added later
 * — shows up. Left out: the migrations bookkeeping, and audit_checkpoints, which the seal loop
 * writes on its own timer whatever the requests do.
 */
export async function intakeRowCounts(t: TestApp): Promise<Record<string, number>> {
  const tables = await t.dataSource.query<{ name: string }[]>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
       AND table_name NOT IN ('schema_migrations', 'audit_checkpoints')
     ORDER BY table_name`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await t.dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM "${name}"`);
    counts[name] = Number(row.n);
  }
  if (!('audit_entries' in counts) || !('outbox' in counts)) throw new Error('schema lacks expected tables');
  return counts;
}

export async function latestReportId(t: TestApp): Promise<string> {
  const rows = await t.dataSource.query<{ id: string }[]>(
    `SELECT id FROM reports ORDER BY received_at DESC LIMIT 1`,
  );
  return rows[0].id;
}
