import { randomUUID } from 'node:crypto';
import { Role } from '../../src/access/permissions';
import { CaseTimelineSources } from '../../src/cases/case-timeline-sources';
import { CasesService } from '../../src/cases/cases.service';
import { openKeySlotChecked, wipe } from '../../src/crypto';
import { KeysService } from '../../src/keys/keys.service';
import { createTriageForm, runTriageJob } from '../support/factories/triage.factory';
import { submitPlaintext } from '../support/factories/reports.factory';
import { createSignedInUser } from '../support/factories/users.factory';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

type ErrorBody = { error: { code: string } };
type Thread = {
  reportId: string;
  readable: boolean;
  messages: { from: string; text: string | null; authorUserId: string | null; readOn: string | null }[];
};
type ReporterView = { status: string; messages: { from: string; text: string | null }[] };

let t: TestApp;
let slug: string;
let triager: string;
let coordinator: { id: string; token: string };
let caseworker: string;
const reporters: { receipt: string; reportId: string }[] = [];
let caseId: string;

/** A report through intake (its receipt) and automated triage, waiting in the human queue. */
async function pendingReportWithReceipt(story: string) {
  const receipt = await submitPlaintext(t, slug, { story, detained_now: false, wants_evacuation: false });
  const [{ id }] = await t.dataSource.query(`SELECT id FROM reports ORDER BY received_at DESC, id LIMIT 1`);
  await runTriageJob(t, id);
  return { receipt, reportId: id as string };
}

async function claimAndDecide(body: Record<string, unknown>): Promise<{ reportId: string; caseId?: string }> {
  const claim = await t.post<{ report: { reportId: string } }>('/api/v1/triage/claim', undefined, {
    token: triager,
  });
  expect(claim.status).toBe(200);
  const reportId = claim.body.report.reportId;
  const decided = await t.post<{ caseId?: string }>(`/api/v1/triage/${reportId}/decision`, body, {
    token: triager,
  });
  expect(decided.status).toBe(200);
  return { reportId, caseId: decided.body.caseId };
}

async function reporterSession(receipt: string): Promise<string> {
  const res = await t.post<{ token: string }>('/api/v1/reporter/session', { receipt });
  expect(res.status).toBe(201);
  return res.body.token;
}

const reporterView = async (token: string) =>
  (await t.request('GET', '/api/v1/reporter/report', { token })).body as ReporterView;

const messageCount = async () =>
  (await t.dataSource.query(`SELECT count(*)::int AS n FROM report_items WHERE kind = 'message'`))[0].n;

beforeAll(async () => {
  t = await startTestApp({
    env: {
      REPORTER_SESSION_RATE_PER_MINUTE_PER_ADDRESS: '0',
      INTAKE_RATE_PER_MINUTE_PER_ADDRESS: '0',
      INTAKE_RATE_PER_MINUTE_PER_ADDRESS_ALL_FORMS: '0',
    },
  });
  slug = await createTriageForm(t);
  triager = (await createSignedInUser(t, { roles: [Role.TRIAGER] })).token;
  const c = await createSignedInUser(t, { roles: [Role.COORDINATOR] });
  coordinator = { id: c.id, token: c.token };
  caseworker = (await createSignedInUser(t, { roles: [Role.CASEWORKER] })).token;
  // Two people: the first report opens the case, the second (another reporter) is attached to it.
  reporters.push(await pendingReportWithReceipt('story-of-first'));
  const opened = await claimAndDecide({ decision: 'open_case' });
  expect(opened.reportId).toBe(reporters[0].reportId);
  caseId = opened.caseId!;
  reporters.push(await pendingReportWithReceipt('story-of-second'));
  await claimAndDecide({ decision: 'attach_to_case', caseId });
});
afterAll(() => t?.close());

describe('messages from a case to its reporters', () => {
  it('round trip: a coordinator writes, each reporter reads only their own thread and replies; the case sees both', async () => {
    const toFirst = await t.post<{ messages: { reportId: string }[] }>(
      `/api/v1/cases/${caseId}/messages`,
      { text: 'canary-to-first' },
      { token: coordinator.token },
    );
    expect(toFirst.status).toBe(201);
    expect(toFirst.body.messages.map((m) => m.reportId)).toEqual([reporters[0].reportId]);
    const toSecond = await t.post(
      `/api/v1/cases/${caseId}/messages`,
      { text: 'canary-to-second', reportIds: [reporters[1].reportId] },
      { token: coordinator.token },
    );
    expect(toSecond.status).toBe(201);

    const first = await reporterSession(reporters[0].receipt);
    const firstView = await reporterView(first);
    // The case is in verifying: the reporter is told "in review", not the report's "in progress".
    expect(firstView.status).toBe('in_review');
    expect(firstView.messages).toEqual([
      expect.objectContaining({ from: 'caseworker', text: 'canary-to-first' }),
    ]);
    const second = await reporterSession(reporters[1].receipt);
    expect((await reporterView(second)).messages.map((m) => m.text)).toEqual(['canary-to-second']);

    const reply = await t.post('/api/v1/reporter/messages', { text: 'canary-reply' }, { token: first });
    expect(reply.status).toBe(201);

    const threads = await t.get<{ threads: Thread[] }>(`/api/v1/cases/${caseId}/messages`, {
      token: coordinator.token,
    });
    expect(threads.status).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    expect(threads.body.threads).toEqual([
      {
        reportId: reporters[0].reportId,
        readable: true,
        messages: [
          expect.objectContaining({
            from: 'caseworker',
            text: 'canary-to-first',
            authorUserId: coordinator.id,
          }),
          expect.objectContaining({
            from: 'reporter',
            text: 'canary-reply',
            authorUserId: null,
            readOn: null,
          }),
        ],
      },
      {
        reportId: reporters[1].reportId,
        readable: true,
        messages: [expect.objectContaining({ text: 'canary-to-second' })],
      },
    ]);
    // Read marks: a day, and only for messages the reporter has been shown.
    const readOn = threads.body.threads[0].messages[0].readOn;
    expect(readOn === today || readOn === new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)).toBe(
      true,
    );

    // The timeline source of the cases feature lists the message and the reply.
    const source = t.app
      .get(CaseTimelineSources)
      .all()
      .find((s) => s.name === 'reporter-messages')!;
    const row = (await t.app.get(CasesService).findById(caseId))!;
    const slot = (await t.app.get(KeysService).recoverySlot(row.keyId))!;
    const casePublicKey = (await t.app.get(KeysService).publicKeyOf(row.keyId))!;
    const caseKeys = openKeySlotChecked(
      new Uint8Array(slot.sealedKey),
      t.recovery!,
      row.keyId,
      casePublicKey,
    );
    try {
      const entries = await source.entries({
        caseId,
        caseKeys,
        reportIds: await t.app.get(CasesService).reportIdsOf(caseId),
      });
      expect(entries.map((e) => [e.kind, e.body?.text])).toEqual([
        ['message', 'canary-to-first'],
        ['reply', 'canary-reply'],
        ['message', 'canary-to-second'],
      ]);
      expect(entries[0].actorId).toBe(coordinator.id);
    } finally {
      wipe(caseKeys.privateKey);
    }

    // Audited per copy, without content.
    const audit = await t.dataSource.query(
      `SELECT target_id, details::text AS d FROM audit_entries WHERE action = 'reporter.message_added'
         AND actor_id = $1`,
      [coordinator.id],
    );
    expect(audit.map((a: { target_id: string }) => a.target_id).sort()).toEqual(
      [reporters[0].reportId, reporters[1].reportId].sort(),
    );
    expect(JSON.stringify(audit)).not.toContain('canary');
  });

  it('the reporter-facing status follows the case status through the mapping', async () => {
    const token = await reporterSession(reporters[0].receipt);
    for (const [status, shown] of [
      ['accepted', 'in_progress'],
      ['on_hold', 'in_progress'],
      ['rejected', 'closed'],
      ['verifying', 'in_review'],
    ]) {
      // Straight into the row: the transitions themselves are the cases feature's (and its tests').
      await t.dataSource.query(
        `UPDATE cases SET status = $2::text, held_from = CASE WHEN $2::text = 'on_hold' THEN 'accepted' END
          WHERE id = $1`,
        [caseId, status],
      );
      expect([status, (await reporterView(token)).status]).toEqual([status, shown]);
    }
  });

  it('errors each have their own code and write nothing', async () => {
    const before = await messageCount();
    const send = (body: unknown, id = caseId, token = coordinator.token) =>
      t.post<ErrorBody>(`/api/v1/cases/${id}/messages`, body, { token });
    for (const body of [
      {},
      { text: '   ' },
      { text: 'x'.repeat(16 * 1024 + 1) },
      { text: 'é'.repeat(9000) },
      { text: 'ok', reportIds: ['not-a-uuid'] },
      { text: 'ok', reportIds: [] },
      { text: 'ok', reportIds: [reporters[0].reportId, reporters[0].reportId] },
      { text: 'ok', extra: 1 },
      [],
    ]) {
      const res = await send(body);
      expect([JSON.stringify(body).slice(0, 40), res.status, res.body.error?.code]).toEqual([
        JSON.stringify(body).slice(0, 40),
        400,
        'CASE_MESSAGE_INVALID',
      ]);
    }
    // A report of the case plus one that is not: nothing is written, not even the first copy.
    const notInCase = await send({
      text: 'canary-partial',
      reportIds: [reporters[0].reportId, randomUUID()],
    });
    expect([notInCase.status, notInCase.body.error.code]).toEqual([422, 'CASE_MESSAGE_REPORT_NOT_IN_CASE']);
    expect(await messageCount()).toBe(before);
  });

  it('a caseworker without a slot, a random and a malformed case id all answer 404 alike', async () => {
    const before = await messageCount();
    for (const [token, id] of [
      [caseworker, caseId],
      [coordinator.token, randomUUID()],
      [coordinator.token, 'not-a-uuid'],
      [caseworker, 'not-a-uuid'],
    ]) {
      const post = await t.post<ErrorBody>(`/api/v1/cases/${id}/messages`, { text: 'x' }, { token });
      const get = await t.get<ErrorBody>(`/api/v1/cases/${id}/messages`, { token });
      expect([post.status, post.body.error.code, get.status, get.body.error.code]).toEqual([
        404,
        'NOT_FOUND',
        404,
        'NOT_FOUND',
      ]);
    }
    expect(await messageCount()).toBe(before);
  });
});

describe("the issue's reporter round trip, over HTTP end to end", () => {
  it('triage opens a case, an assigned caseworker writes, the reporter reads with the receipt and replies, the reply is in GET /cases/:id/timeline', async () => {
    const reporter = await pendingReportWithReceipt('story-round-trip');
    const opened = await claimAndDecide({ decision: 'open_case' });
    expect(opened.reportId).toBe(reporter.reportId);
    const worker = await createSignedInUser(t, { roles: [Role.CASEWORKER] });
    const assigned = await t.post(
      `/api/v1/cases/${opened.caseId}/assignees`,
      { userId: worker.id },
      { token: coordinator.token },
    );
    expect(assigned.status).toBe(200);
    const sent = await t.post(
      `/api/v1/cases/${opened.caseId}/messages`,
      { text: 'canary-from-caseworker' },
      { token: worker.token },
    );
    expect(sent.status).toBe(201);

    const session = await reporterSession(reporter.receipt);
    expect((await reporterView(session)).messages).toEqual([
      expect.objectContaining({ from: 'caseworker', text: 'canary-from-caseworker' }),
    ]);
    expect(
      (await t.post('/api/v1/reporter/messages', { text: 'canary-reply-round-trip' }, { token: session }))
        .status,
    ).toBe(201);

    const timeline = await t.get<{ kind: string; actorId: string | null; body: { text?: string } | null }[]>(
      `/api/v1/cases/${opened.caseId}/timeline`,
      { token: worker.token },
    );
    expect(timeline.status).toBe(200);
    expect(
      timeline.body
        .filter((e) => e.kind === 'message' || e.kind === 'reply')
        .map((e) => [e.kind, e.actorId, e.body?.text]),
    ).toEqual([
      ['message', worker.id, 'canary-from-caseworker'],
      ['reply', null, 'canary-reply-round-trip'],
    ]);
  });
});
