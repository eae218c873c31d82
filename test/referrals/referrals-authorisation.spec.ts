import { randomUUID } from 'node:crypto';
import { Role } from '../../src/access/permissions';
import { toBase64Url, generateUserKeyPair } from '../../src/crypto';
import { newCase } from '../support/factories/cases.factory';
import { newPartner, principalOf } from '../support/factories/partners.factory';
import { createTriageForm } from '../support/factories/triage.factory';
import { createSignedInUser, createUser, signedInUserPerRole } from '../support/factories/users.factory';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(180_000);

/*
 * Who may call each partner and referral route, per role and per relation to the case: the
 * permission opens the route (else 403); for a case route, only a caller with a chain of key slots
 * to the case gets past it — everyone else, and every random or malformed id, gets the same 404.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const CONSENT = { who: 'the person', how: 'in_person', when: '2026-01-05' };

it('every partner and referral route, every role, assignee or not, foreign, random and malformed ids', async () => {
  const slug = await createTriageForm(t);
  const openerId = (await createUser(t, { roles: [Role.TRIAGER] })).id;
  const users = await signedInUserPerRole(t);
  const assigned = users[Role.CASEWORKER];
  const unassigned = await createSignedInUser(t, { roles: [Role.CASEWORKER] });
  const outsideTeam = await createSignedInUser(t, { roles: [Role.COORDINATOR], teamMember: false });
  const coordinator = users[Role.COORDINATOR];
  const { caseId } = await newCase(t, { slug, openerId });
  const call = (method: string, path: string, token: string, body?: unknown) =>
    t.request<Json>(method, `/api/v1${path}`, { token, body });
  expect(
    (await call('POST', `/cases/${caseId}/assignees`, coordinator.token, { userId: assigned.id })).status,
  ).toBe(200);
  const partner = await newPartner(t, await principalOf(t, coordinator.token));
  const referral = await call('POST', `/cases/${caseId}/referrals`, coordinator.token, {
    partnerId: partner.id,
    fields: ['needs'],
    consent: CONSENT,
  });
  expect(referral.status).toBe(201);
  const acked = `/cases/${caseId}/referrals/${referral.body.id}/acknowledgement`;
  expect((await call('POST', acked, coordinator.token, {})).status).toBe(200);

  let n = 0;
  const routes = (id: string, referralId = referral.body.id): [string, string, () => unknown][] => [
    [
      'POST',
      `/cases/${id}/referrals`,
      () => ({ partnerId: partner.id, fields: ['needs'], consent: CONSENT }),
    ],
    ['GET', `/cases/${id}/referrals`, () => undefined],
    // Acknowledged already: a reader hears 409, everyone else the 404 of a case they cannot read.
    ['POST', `/cases/${id}/referrals/${referralId}/acknowledgement`, () => ({})],
  ];
  const readerAnswers = [201, 200, 409];
  const answers: Record<string, number[]> = {};
  const ask = async (who: string, token: string, id: string, referralId?: string) => {
    const statuses = [];
    for (const [method, path, body] of routes(id, referralId))
      statuses.push((await call(method, path, token, body())).status);
    answers[who] = statuses;
  };
  for (const role of Object.values(Role)) await ask(role, users[role].token, caseId);
  await ask('unassigned caseworker', unassigned.token, caseId);
  await ask('coordinator outside the team', outsideTeam.token, caseId);
  await ask('coordinator, random case id', coordinator.token, randomUUID());
  await ask('coordinator, malformed case id', coordinator.token, 'not-a-uuid');
  await ask('caseworker, random case id', assigned.token, randomUUID());
  await ask('coordinator, random referral id', coordinator.token, caseId, randomUUID());
  await ask('coordinator, malformed referral id', coordinator.token, caseId, 'x');
  expect(answers).toEqual({
    admin: [403, 403, 403],
    coordinator: readerAnswers,
    triager: [403, 403, 403],
    caseworker: readerAnswers,
    operator: [403, 403, 403],
    analyst: [403, 403, 403],
    auditor: [403, 403, 403],
    'unassigned caseworker': [404, 404, 404],
    'coordinator outside the team': [404, 404, 404],
    'coordinator, random case id': [404, 404, 404],
    'coordinator, malformed case id': [404, 404, 404],
    'caseworker, random case id': [404, 404, 404],
    // The referral id matters to the acknowledgement only; the case is readable.
    'coordinator, random referral id': [201, 200, 404],
    'coordinator, malformed referral id': [201, 200, 404],
  });

  const partnerAnswers: Record<string, number[]> = {};
  for (const role of Object.values(Role)) {
    const token = users[role].token;
    partnerAnswers[role] = [
      (
        await call('POST', '/partners', token, {
          name: `Org ${++n}`,
          publicKey: toBase64Url(generateUserKeyPair().publicKey),
          contact: 'c',
        })
      ).status,
      (await call('GET', '/partners', token)).status,
      (await call('GET', `/partners/${partner.id}`, token)).status,
      (await call('GET', `/partners/${randomUUID()}`, token)).status,
      (await call('GET', '/partners/not-a-uuid', token)).status,
      (await call('PATCH', `/partners/${partner.id}`, token, { contact: `c ${++n}` })).status,
      (await call('PATCH', `/partners/${randomUUID()}`, token, { contact: 'c' })).status,
      (await call('PATCH', '/partners/not-a-uuid', token, { contact: 'c' })).status,
      (await call('POST', `/partners/${randomUUID()}/retirement`, token, {})).status,
      (await call('POST', '/partners/not-a-uuid/retirement', token, {})).status,
    ];
  }
  const refused = [403, 403, 403, 403, 403, 403, 403, 403, 403, 403];
  expect(partnerAnswers).toEqual({
    admin: refused,
    coordinator: [201, 200, 200, 404, 404, 200, 404, 404, 404, 404],
    triager: refused,
    caseworker: [403, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    operator: refused,
    analyst: refused,
    auditor: refused,
  });
  // Retiring, last (the referral above is made): only a coordinator may; the referral stays readable.
  const retirements: Record<string, number> = {};
  for (const role of Object.values(Role))
    retirements[role] = (
      await call('POST', `/partners/${partner.id}/retirement`, users[role].token, {})
    ).status;
  expect(retirements).toEqual({
    admin: 403,
    coordinator: 200,
    triager: 403,
    caseworker: 403,
    operator: 403,
    analyst: 403,
    auditor: 403,
  });
  expect((await call('GET', `/cases/${caseId}/referrals`, assigned.token)).status).toBe(200);
  // Without a session at all: 401 everywhere.
  for (const [method, path] of [
    ['GET', '/partners'],
    ['POST', `/cases/${caseId}/referrals`],
  ])
    expect((await t.request(method, `/api/v1${path}`, {})).status).toBe(401);
});
