import { randomUUID } from 'node:crypto';
import { Role } from '../../src/access/permissions';
import { CaseTimelineSources } from '../../src/cases/case-timeline-sources';
import { newCase } from '../support/factories/cases.factory';
import { createTriageForm } from '../support/factories/triage.factory';
import { createSignedInUser, createUser } from '../support/factories/users.factory';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(180_000);

let t: TestApp;
let slug: string;
let openerId: string;
let coordinator: { id: string; token: string };
let worker: { id: string; token: string };

beforeAll(async () => {
  t = await startTestApp();
  slug = await createTriageForm(t);
  openerId = (await createUser(t, { roles: [Role.TRIAGER] })).id;
  coordinator = await createSignedInUser(t, { roles: [Role.COORDINATOR] });
  worker = await createSignedInUser(t, { roles: [Role.CASEWORKER] });
  // A feature above cases registering a source, as messages and referrals do.
  t.app.get(CaseTimelineSources).register({
    name: 'probe',
    entries: async ({ caseId, reportIds }) => [
      {
        kind: 'probe',
        at: '2000-01-01T00:00:00.000Z',
        actorId: null,
        body: { caseId, reports: reportIds.length },
      },
    ],
  });
});
afterAll(() => t?.close());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const call = (method: string, path: string, token: string, body?: unknown) =>
  t.request<Json>(method, `/api/v1${path}`, { token, body });

async function assignedCase(story = 'canary-story') {
  const c = await newCase(t, { slug, openerId, answers: { story } });
  await call('POST', `/cases/${c.caseId}/assignees`, coordinator.token, { userId: worker.id });
  return c;
}

describe('POST /cases/:id/transitions, the contract (the rules: case-transitions.spec.ts)', () => {
  it('answers 200 with the status and the next version, then 409 with its code for a move not in the table', async () => {
    const { caseId } = await newCase(t, { slug, openerId });
    const moved = await call('POST', `/cases/${caseId}/transitions`, coordinator.token, {
      to: 'accepted',
      version: 1,
    });
    expect([moved.status, moved.body]).toEqual([
      200,
      expect.objectContaining({ status: 'accepted', version: 2 }),
    ]);
    const refused = await call('POST', `/cases/${caseId}/transitions`, coordinator.token, {
      to: 'relocated',
      version: 2,
    });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'CASE_TRANSITION_NOT_ALLOWED']);
  });

  it('a body out of shape answers 400 CASE_INVALID_REQUEST naming fields, never values', async () => {
    const { caseId } = await newCase(t, { slug, openerId });
    const res = await call('POST', `/cases/${caseId}/transitions`, coordinator.token, {
      to: 'nowhere-canary',
      version: 'x',
    });
    expect([res.status, res.body.error.code]).toEqual([400, 'CASE_INVALID_REQUEST']);
    expect([...res.body.error.details.fields].sort()).toEqual(['to', 'version']);
    expect(res.text).not.toContain('nowhere-canary');
  });
});

describe('content of a case', () => {
  it('PATCH seals summary and alias to the row, keeps needs and risks plain, against the version', async () => {
    const { caseId, reportId } = await assignedCase('story-canary-7');
    const first = await call('PATCH', `/cases/${caseId}`, worker.token, {
      version: 1,
      summary: 'summary-canary',
      alias: 'alias-canary',
      needs: ['shelter', 'medical'],
      risks: ['being_tracked'],
    });
    expect([first.status, first.body.version]).toEqual([200, 2]);
    const stale = await call('PATCH', `/cases/${caseId}`, worker.token, { version: 1, alias: 'x' });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'CASE_VERSION_STALE']);
    const detail = await call('GET', `/cases/${caseId}`, worker.token);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      id: caseId,
      status: 'verifying',
      version: 2,
      summary: 'summary-canary',
      alias: 'alias-canary',
      needs: ['medical', 'shelter'],
      risks: ['being_tracked'],
      unreadable: [],
    });
    expect(detail.body.assignees).toEqual(expect.arrayContaining([worker.id, openerId]));
    expect(detail.body.reports.map((r: Json) => [r.reportId, r.answers.story])).toEqual([
      [reportId, 'story-canary-7'],
    ]);
    // Nothing of it plain in the database.
    const [row] = await t.dataSource.query<{ text: string }[]>(
      `SELECT encode(summary, 'escape') || encode(alias, 'escape') AS text FROM cases WHERE id = $1`,
      [caseId],
    );
    expect(row.text).not.toContain('canary');
  });

  it('a summary moved to another case does not open there: named unreadable', async () => {
    const a = await assignedCase();
    const b = await assignedCase();
    await call('PATCH', `/cases/${a.caseId}`, worker.token, { version: 1, summary: 'moved-canary' });
    await t.dataSource.query(
      `UPDATE cases SET summary = (SELECT summary FROM cases WHERE id = $1) WHERE id = $2`,
      [a.caseId, b.caseId],
    );
    const detail = await call('GET', `/cases/${b.caseId}`, worker.token);
    expect([detail.body.summary, detail.body.unreadable]).toEqual([null, ['summary']]);
  });

  it('notes, events, status changes, milestones and registered sources make one decrypted timeline', async () => {
    const { caseId } = await assignedCase();
    expect((await call('POST', `/cases/${caseId}/notes`, worker.token, { text: 'note-canary' })).status).toBe(
      201,
    );
    const moved = await call('POST', `/cases/${caseId}/transitions`, coordinator.token, {
      to: 'accepted',
      version: 1,
    });
    expect(moved.status).toBe(200);
    await call('POST', `/cases/${caseId}/transitions`, worker.token, {
      to: 'on_hold',
      version: 2,
      reason: 'reason-canary',
    });
    const ms = await call('POST', `/cases/${caseId}/milestones`, worker.token, {
      milestone: 'left_region',
      month: '2026-11',
      details: 'details-canary',
    });
    expect(ms.status).toBe(201);
    const again = await call('POST', `/cases/${caseId}/milestones`, worker.token, {
      milestone: 'left_region',
      month: '2026-12',
    });
    expect([again.status, again.body.error.code]).toEqual([409, 'CASE_MILESTONE_EXISTS']);

    const timeline = await call('GET', `/cases/${caseId}/timeline`, worker.token);
    expect(timeline.status).toBe(200);
    const kinds = (timeline.body as unknown as Json[]).map((e) => e.kind);
    expect(kinds.sort()).toEqual(
      ['event', 'milestone', 'note', 'probe', 'status', 'status', 'status'].sort(),
    );
    const entries = timeline.body as unknown as Json[];
    expect(entries[0]).toEqual({
      kind: 'probe',
      at: '2000-01-01T00:00:00.000Z',
      actorId: null,
      body: { caseId, reports: 1 },
    });
    expect(entries.find((e) => e.kind === 'note')).toMatchObject({
      actorId: worker.id,
      body: { text: 'note-canary' },
    });
    expect(entries.find((e) => e.kind === 'milestone')).toMatchObject({
      at: '2026-11',
      body: { milestone: 'left_region', details: 'details-canary' },
    });
    expect(entries.find((e) => e.body?.to === 'on_hold')).toMatchObject({
      body: { reason: 'reason-canary' },
    });

    const history = await call('GET', `/cases/${caseId}/history`, worker.token);
    expect((history.body as unknown as Json[]).map((h) => [h.from, h.to, h.reason])).toEqual([
      [null, 'verifying', null],
      ['verifying', 'accepted', null],
      ['accepted', 'on_hold', 'reason-canary'],
    ]);
    const plain = await t.dataSource.query<{ text: string }[]>(
      `SELECT encode(body, 'escape') AS text FROM case_entries WHERE case_id = $1
       UNION ALL SELECT encode(reason, 'escape') FROM case_history WHERE case_id = $1 AND reason IS NOT NULL`,
      [caseId],
    );
    expect(plain.some((r) => r.text.includes('canary'))).toBe(false);
  });
});

describe('GET /cases', () => {
  it('lists only readable cases, decrypted, filtered on plain fields, paged by cursor', async () => {
    const lister = await createSignedInUser(t, { roles: [Role.CASEWORKER] });
    const mine = [];
    for (let i = 0; i < 3; i++) {
      const { caseId } = await newCase(t, { slug, openerId });
      await call('POST', `/cases/${caseId}/assignees`, coordinator.token, { userId: lister.id });
      await call('PATCH', `/cases/${caseId}`, lister.token, {
        version: 1,
        summary: `list-${i}`,
        needs: i === 0 ? ['legal', 'money'] : ['legal'],
        risks: i === 2 ? ['being_tracked', 'entrapment'] : [],
      });
      mine.push(caseId);
    }
    const notMine = (await newCase(t, { slug, openerId })).caseId;
    const page1 = await call('GET', '/cases?limit=2', lister.token);
    expect(page1.status).toBe(200);
    expect(page1.body.cases).toHaveLength(2);
    const page2 = await call('GET', `/cases?limit=2&cursor=${page1.body.nextCursor}`, lister.token);
    expect(page2.body.nextCursor).toBeNull();
    const listed = [...page1.body.cases, ...page2.body.cases];
    expect(listed.map((c: Json) => c.id).sort()).toEqual([...mine].sort());
    expect(listed.map((c: Json) => c.summary).sort()).toEqual(['list-0', 'list-1', 'list-2']);
    expect(listed.map((c: Json) => c.id)).not.toContain(notMine);

    const both = await call('GET', '/cases?needs=legal,money', lister.token);
    expect(both.body.cases.map((c: Json) => c.id)).toEqual([mine[0]]);
    const risky = await call('GET', '/cases?risks=being_tracked,entrapment', lister.token);
    expect(risky.body.cases.map((c: Json) => c.id)).toEqual([mine[2]]);
    expect((await call('GET', '/cases?risks=being_tracked,health', lister.token)).body.cases).toEqual([]);
    expect((await call('GET', '/cases?status=closed', lister.token)).body.cases).toEqual([]);
    const month = new Date().toISOString().slice(0, 7);
    expect((await call('GET', `/cases?updatedMonth=${month}`, lister.token)).body.cases).toHaveLength(3);

    // The coordinator sees every case through the team key; assignee=me narrows to their own slots.
    const all = await call('GET', '/cases?limit=100', coordinator.token);
    expect(all.body.cases.map((c: Json) => c.id)).toEqual(expect.arrayContaining([...mine, notMine]));
    expect((await call('GET', '/cases?assignee=me', coordinator.token)).body.cases).toEqual([]);
    await call('POST', `/cases/${notMine}/assignees`, coordinator.token, { userId: coordinator.id });
    const own = await call('GET', '/cases?assignee=me', coordinator.token);
    expect(own.body.cases.map((c: Json) => c.id)).toEqual([notMine]);

    for (const q of ['status=nope', 'limit=0', 'cursor=not-a-cursor', 'needs=', 'other=1'])
      expect([q, (await call('GET', `/cases?${q}`, lister.token)).status]).toEqual([q, 400]);
  });
});

describe('404, never 403, for a case the caller cannot read', () => {
  it('the same routes let the assignee through: the 404 is the missing slot, not the route', async () => {
    const { caseId } = await assignedCase();
    const other = await createSignedInUser(t, { roles: [Role.CASEWORKER] });
    const answers: [string, string, number][] = [];
    for (const [method, path, body] of [
      ['GET', `/cases/${caseId}`],
      ['PATCH', `/cases/${caseId}`, { version: 1, alias: 'a' }],
      ['POST', `/cases/${caseId}/transitions`, { to: 'on_hold', reason: 'r', version: 2 }],
      ['GET', `/cases/${caseId}/history`],
      ['POST', `/cases/${caseId}/notes`, { text: 'n' }],
      ['GET', `/cases/${caseId}/timeline`],
      ['POST', `/cases/${caseId}/milestones`, { milestone: 'left_region', month: '2026-01' }],
      ['POST', `/cases/${caseId}/assignees`, { userId: other.id }],
      ['DELETE', `/cases/${caseId}/assignees/${worker.id}`],
    ] as [string, string, unknown?][])
      answers.push([method, path, (await call(method, path, worker.token, body)).status]);
    expect(answers.map(([, , status]) => status)).toEqual([200, 200, 200, 200, 201, 200, 201, 403, 403]);
  });

  it('every case route answers an unassigned caseworker, a random id and a malformed id alike', async () => {
    const { caseId } = await newCase(t, { slug, openerId });
    const outsider = await createSignedInUser(t, { roles: [Role.CASEWORKER] });
    const outsiderCoordinator = await createSignedInUser(t, { roles: [Role.COORDINATOR], teamMember: false });
    const routes = (id: string): [string, string, unknown?][] => [
      ['GET', `/cases/${id}`],
      ['PATCH', `/cases/${id}`, { version: 1, alias: 'a' }],
      ['POST', `/cases/${id}/transitions`, { to: 'accepted', version: 1 }],
      ['GET', `/cases/${id}/history`],
      ['POST', `/cases/${id}/notes`, { text: 'n' }],
      ['GET', `/cases/${id}/timeline`],
      ['POST', `/cases/${id}/milestones`, { milestone: 'left_region', month: '2026-01' }],
      ['POST', `/cases/${id}/assignees`, { userId: worker.id }],
      ['DELETE', `/cases/${id}/assignees/${worker.id}`],
    ];
    const answers = new Set<string>();
    for (const [token, ids] of [
      [outsider.token, [caseId, randomUUID(), 'not-a-uuid']],
      [outsiderCoordinator.token, [caseId]],
      [coordinator.token, [randomUUID(), 'not-a-uuid']],
    ] as const)
      for (const id of ids)
        for (const [method, path, body] of routes(id)) {
          const res = await call(method, path, token, body);
          // The caseworker may not assign at all (a permission of the route, not of the case).
          if (token === outsider.token && path.includes('/assignees')) {
            expect([path, res.status]).toEqual([path, 403]);
            continue;
          }
          expect([method, path, res.status]).toEqual([method, path, 404]);
          answers.add(JSON.stringify({ ...res.body.error, requestId: undefined }));
        }
    expect([...answers]).toHaveLength(1);
    expect(await t.dataSource.query(`SELECT 1 FROM case_entries WHERE case_id = $1`, [caseId])).toEqual([]);
  });
});
