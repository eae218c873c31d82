import type { z } from 'zod';
import { Role } from '../../src/access/permissions';
import {
  caseAssigneesSchema,
  caseDetailSchema,
  caseHistorySchema,
  caseMilestoneAddedSchema,
  caseNoteAddedSchema,
  casePageSchema,
  caseStateSchema,
  caseTimelineSchema,
} from '../../src/cases/case-responses';
import { newCase } from '../support/factories/cases.factory';
import { createTriageForm } from '../support/factories/triage.factory';
import { createSignedInUser, createUser } from '../support/factories/users.factory';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

/** Parses a live answer with the (strict) schema the OpenAPI document shows for it. */
function conforms(schema: z.ZodType, body: unknown): string[] {
  const parsed = schema.safeParse(body);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

it('every case route answers exactly the shape its OpenAPI response schema documents', async () => {
  const slug = await createTriageForm(t);
  const openerId = (await createUser(t, { roles: [Role.TRIAGER] })).id;
  const coordinator = await createSignedInUser(t, { roles: [Role.COORDINATOR] });
  const worker = await createSignedInUser(t, { roles: [Role.CASEWORKER] });
  const { caseId } = await newCase(t, { slug, openerId, answers: { story: 's', phone: '+79280000002' } });
  const call = (method: string, path: string, token: string, body?: unknown) =>
    t.request(method, `/api/v1/cases${path}`, { token, body });

  const answers: [string, z.ZodType, { status: number; body: unknown }][] = [
    [
      'assign',
      caseAssigneesSchema,
      await call('POST', `/${caseId}/assignees`, coordinator.token, { userId: worker.id }),
    ],
    [
      'update',
      caseStateSchema,
      await call('PATCH', `/${caseId}`, worker.token, {
        version: 1,
        summary: 'x',
        alias: 'y',
        needs: ['legal'],
      }),
    ],
    [
      'transition',
      caseStateSchema,
      await call('POST', `/${caseId}/transitions`, coordinator.token, { to: 'accepted', version: 2 }),
    ],
    [
      'hold',
      caseStateSchema,
      await call('POST', `/${caseId}/transitions`, worker.token, { to: 'on_hold', version: 3, reason: 'r' }),
    ],
    ['note', caseNoteAddedSchema, await call('POST', `/${caseId}/notes`, worker.token, { text: 'n' })],
    [
      'milestone',
      caseMilestoneAddedSchema,
      await call('POST', `/${caseId}/milestones`, worker.token, {
        milestone: 'left_region',
        month: '2026-10',
        details: 'd',
      }),
    ],
    ['list', casePageSchema, await call('GET', '?limit=5', worker.token)],
    ['detail', caseDetailSchema, await call('GET', `/${caseId}`, worker.token)],
    ['history', caseHistorySchema, await call('GET', `/${caseId}/history`, worker.token)],
    ['timeline', caseTimelineSchema, await call('GET', `/${caseId}/timeline`, worker.token)],
  ];
  expect(answers.map(([name, , res]) => [name, res.status])).toEqual([
    ['assign', 200],
    ['update', 200],
    ['transition', 200],
    ['hold', 200],
    ['note', 201],
    ['milestone', 201],
    ['list', 200],
    ['detail', 200],
    ['history', 200],
    ['timeline', 200],
  ]);
  for (const [name, schema, res] of answers) expect([name, conforms(schema, res.body)]).toEqual([name, []]);
  // The schemas are not vacuous: an answer with an extra or a missing field does not conform.
  const detail = answers.find(([name]) => name === 'detail')![2].body as Record<string, unknown>;
  expect(conforms(caseDetailSchema, { ...detail, extra: 1 })).not.toEqual([]);
  expect(conforms(caseDetailSchema, { ...detail, assignees: undefined })).not.toEqual([]);
  expect((detail.reports as unknown[]).length).toBe(1);
});
