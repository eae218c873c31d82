import { randomUUID } from 'node:crypto';
import { Role } from '../../src/access/permissions';
import type { Principal } from '../../src/access/principal';
import { generateUserKeyPair, toBase64Url } from '../../src/crypto';
import { newCase } from '../support/factories/cases.factory';
import { newPartner, principalOf } from '../support/factories/partners.factory';
import { createTriageForm } from '../support/factories/triage.factory';
import { createSignedInUser, createUser } from '../support/factories/users.factory';
import { startTestApp, TestApp } from '../support/test-app';
import { decodeReferralPackage } from '../referrals/referral-decoder';

jest.setTimeout(180_000);

let t: TestApp;
let coordinator: { id: string; token: string; principal: Principal };
let worker: { id: string; token: string };

beforeAll(async () => {
  t = await startTestApp();
  const c = await createSignedInUser(t, { roles: [Role.COORDINATOR] });
  coordinator = { ...c, principal: await principalOf(t, c.token) };
  worker = await createSignedInUser(t, { roles: [Role.CASEWORKER] });
});
afterAll(() => t?.close());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const call = (method: string, path: string, token: string, body?: unknown) =>
  t.request<Json>(method, `/api/v1${path}`, { token, body });
const today = () => new Date().toISOString().slice(0, 10);
const CONSENT = { who: 'the person', how: 'in_person', when: '2026-01-05' };

const auditOf = (action: string, targetId: string) =>
  t.dataSource.query<{ details: Json; actor_id: string | null }[]>(
    `SELECT details::jsonb AS details, actor_id FROM audit_entries WHERE action = $1 AND target_id = $2 ORDER BY seq`,
    [action, targetId],
  );

async function partnerRow(id: string) {
  const [row] = await t.dataSource.query<Json[]>(
    `SELECT name, public_key_id, contact_key_id, encode(contact, 'escape') AS contact_text,
            retired_month, retired_by FROM partners WHERE id = $1`,
    [id],
  );
  return row;
}

/** A case the coordinator can read (through the coordination team's slot), to refer. */
async function aCase(): Promise<string> {
  const slug = await createTriageForm(t);
  const openerId = (await createUser(t, { roles: [Role.TRIAGER] })).id;
  return (await newCase(t, { slug, openerId })).caseId;
}

const refer = (caseId: string, partnerId: string) =>
  call('POST', `/cases/${caseId}/referrals`, coordinator.token, {
    partnerId,
    fields: ['needs'],
    consent: CONSENT,
  });

describe('registering', () => {
  it('registers name and key plain, the contact sealed to the coordination team key (read back audited)', async () => {
    const keys = new Uint8Array(32).fill(9);
    const res = await call('POST', '/partners', coordinator.token, {
      name: 'Safe Haven Network',
      publicKey: toBase64Url(keys),
      contact: 'contact-canary +000',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'Safe Haven Network',
      publicKey: toBase64Url(keys),
      publicKeyId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      createdMonth: today().slice(0, 7),
      retiredMonth: null,
    });
    expect((await partnerRow(res.body.id)).contact_text).not.toContain('canary');
    const detail = await call('GET', `/partners/${res.body.id}`, coordinator.token);
    expect(detail.body).toMatchObject({ contact: 'contact-canary +000', unreadable: [] });
    expect(await auditOf('partner.contact_decrypted', res.body.id)).toHaveLength(1);
    expect(await auditOf('partner.registered', res.body.id)).toHaveLength(1);

    // A coordinator who does not hold the team key sees the partner, not its contact.
    const pending = await createSignedInUser(t, { roles: [Role.COORDINATOR], teamMember: false });
    const unread = await call('GET', `/partners/${res.body.id}`, pending.token);
    expect([unread.status, unread.body.contact, unread.body.unreadable]).toEqual([200, null, ['contact']]);

    const listed = await call('GET', '/partners', worker.token);
    expect(listed.body.partners).toEqual(expect.arrayContaining([res.body]));
    expect(JSON.stringify(listed.body)).not.toContain('canary');
  });

  it('refuses a taken name, a key that is not an X25519 public key, a bad body: nothing written', async () => {
    const good = toBase64Url(new Uint8Array(32).fill(7));
    const first = await call('POST', '/partners', coordinator.token, {
      name: 'Dup Org',
      publicKey: good,
      contact: 'c',
    });
    expect(first.status).toBe(201);
    const lowOrder = new Uint8Array(32);
    lowOrder[0] = 1;
    const bad: [unknown, number, string][] = [
      [{ name: 'dup org', publicKey: good, contact: 'c' }, 409, 'PARTNER_NAME_TAKEN'],
      [
        { name: 'K1', publicKey: toBase64Url(new Uint8Array(31).fill(7)), contact: 'c' },
        422,
        'PARTNER_KEY_INVALID',
      ],
      [{ name: 'K2', publicKey: toBase64Url(new Uint8Array(32)), contact: 'c' }, 422, 'PARTNER_KEY_INVALID'],
      [{ name: 'K3', publicKey: toBase64Url(lowOrder), contact: 'c' }, 422, 'PARTNER_KEY_INVALID'],
      [{ name: 'K4', publicKey: 'not base64!', contact: 'c' }, 422, 'PARTNER_KEY_INVALID'],
      [{ name: 'K5', publicKey: good }, 400, 'PARTNER_INVALID'],
      [{ name: '', publicKey: good, contact: 'c' }, 400, 'PARTNER_INVALID'],
    ];
    for (const [body, status, code] of bad) {
      const res = await call('POST', '/partners', coordinator.token, body);
      expect([JSON.stringify(body), res.status, res.body.error?.code]).toEqual([
        JSON.stringify(body),
        status,
        code,
      ]);
    }
    const names = await t.dataSource.query<{ name: string }[]>(
      `SELECT name FROM partners WHERE lower(name) IN ('dup org', 'k1', 'k2', 'k3', 'k4', 'k5')`,
    );
    expect(names).toEqual([{ name: 'Dup Org' }]);
  });
});

describe('editing', () => {
  it('renames and seals a new contact; audited with the field names only', async () => {
    const partner = await newPartner(t, coordinator.principal, { contact: 'old-contact' });
    const before = await partnerRow(partner.id);
    const res = await call('PATCH', `/partners/${partner.id}`, coordinator.token, {
      name: `${partner.name} renamed`,
      contact: 'new-contact-canary',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: partner.id, name: `${partner.name} renamed`, retiredMonth: null });
    // The key did not change, so neither did its id.
    expect(res.body.publicKeyId).toBe(before.public_key_id);
    const after = await partnerRow(partner.id);
    expect(after.contact_text).not.toContain('canary');
    expect((await call('GET', `/partners/${partner.id}`, coordinator.token)).body.contact).toBe(
      'new-contact-canary',
    );
    const audits = await auditOf('partner.updated', partner.id);
    expect(audits.map((a) => [a.details, a.actor_id])).toEqual([
      [{ fields: ['name', 'contact'] }, coordinator.id],
    ]);
  });

  it('a new public key gets a new key id: referrals made before keep the old key, later ones the new', async () => {
    const caseId = await aCase();
    const partner = await newPartner(t, coordinator.principal);
    const before = await refer(caseId, partner.id);
    expect(before.status).toBe(201);
    const oldKeyId = (await partnerRow(partner.id)).public_key_id;
    expect(before.body.partnerKeyId).toBe(oldKeyId);

    const next = generateUserKeyPair();
    const res = await call('PATCH', `/partners/${partner.id}`, coordinator.token, {
      publicKey: toBase64Url(next.publicKey),
    });
    expect(res.status).toBe(200);
    expect(res.body.publicKey).toBe(toBase64Url(next.publicKey));
    expect(res.body.publicKeyId).not.toBe(oldKeyId);
    expect(await auditOf('partner.updated', partner.id)).toEqual([
      { details: { fields: ['public_key'], publicKeyId: res.body.publicKeyId }, actor_id: coordinator.id },
    ]);

    const after = await refer(caseId, partner.id);
    expect(after.body.partnerKeyId).toBe(res.body.publicKeyId);
    await expect(
      decodeReferralPackage(JSON.stringify(after.body.package), next.privateKey),
    ).resolves.toBeDefined();
    await expect(
      decodeReferralPackage(JSON.stringify(after.body.package), partner.keys.privateKey),
    ).rejects.toThrow();
    // The earlier package still opens with the old key, and the list says which key each needs.
    await expect(
      decodeReferralPackage(JSON.stringify(before.body.package), partner.keys.privateKey),
    ).resolves.toBeDefined();
    const listed = await call('GET', `/cases/${caseId}/referrals`, coordinator.token);
    expect(Object.fromEntries(listed.body.referrals.map((r: Json) => [r.id, r.partnerKeyId]))).toEqual({
      [before.body.id]: oldKeyId,
      [after.body.id]: res.body.publicKeyId,
    });

    // The same key again is not a new key: no new id, nothing audited.
    const same = await call('PATCH', `/partners/${partner.id}`, coordinator.token, {
      publicKey: toBase64Url(next.publicKey),
    });
    expect(same.body.publicKeyId).toBe(res.body.publicKeyId);
    expect(await auditOf('partner.updated', partner.id)).toHaveLength(1);
  });

  it('refuses a taken name, a bad key, an empty or unknown body, an unknown or malformed id: nothing written', async () => {
    const taken = await newPartner(t, coordinator.principal);
    const partner = await newPartner(t, coordinator.principal, { contact: 'kept' });
    const before = await partnerRow(partner.id);
    const cases: [string, unknown, number, string][] = [
      [partner.id, { name: taken.name.toUpperCase() }, 409, 'PARTNER_NAME_TAKEN'],
      [
        partner.id,
        { name: 'Fresh name', publicKey: toBase64Url(new Uint8Array(32)) },
        422,
        'PARTNER_KEY_INVALID',
      ],
      [partner.id, {}, 400, 'PARTNER_INVALID'],
      [partner.id, { name: 'x', createdMonth: '2020-01' }, 400, 'PARTNER_INVALID'],
      [partner.id, { contact: '   ' }, 400, 'PARTNER_INVALID'],
      [randomUUID(), { name: 'Nobody' }, 404, 'NOT_FOUND'],
      ['not-a-uuid', { name: 'Nobody' }, 404, 'NOT_FOUND'],
    ];
    for (const [id, body, status, code] of cases) {
      const res = await call('PATCH', `/partners/${id}`, coordinator.token, body);
      expect([JSON.stringify(body), res.status, res.body.error?.code]).toEqual([
        JSON.stringify(body),
        status,
        code,
      ]);
    }
    expect(await partnerRow(partner.id)).toEqual(before);
    expect(await auditOf('partner.updated', partner.id)).toEqual([]);
  });
});

describe('retiring', () => {
  it('stops new referrals with their own code; the partner and its referrals stay readable', async () => {
    const caseId = await aCase();
    const partner = await newPartner(t, coordinator.principal);
    const earlier = await refer(caseId, partner.id);
    expect(earlier.status).toBe(201);

    const res = await call('POST', `/partners/${partner.id}/retirement`, coordinator.token, {});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: partner.id, retiredMonth: today().slice(0, 7) });
    expect(await partnerRow(partner.id)).toMatchObject({ retired_by: coordinator.id });
    expect(await auditOf('partner.retired', partner.id)).toEqual([{ details: {}, actor_id: coordinator.id }]);

    const refused = await refer(caseId, partner.id);
    expect([refused.status, refused.body.error?.code]).toEqual([409, 'REFERRAL_PARTNER_RETIRED']);
    const rows = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM referrals WHERE partner_id = $1`,
      [partner.id],
    );
    expect(rows).toEqual([{ id: earlier.body.id }]);

    // Still there: the partner (listed, with its month of retirement), the referral and its package.
    const listed = await call('GET', '/partners', worker.token);
    expect(listed.body.partners).toEqual(expect.arrayContaining([res.body]));
    expect((await call('GET', `/partners/${partner.id}`, coordinator.token)).status).toBe(200);
    const referrals = await call('GET', `/cases/${caseId}/referrals`, coordinator.token);
    expect(referrals.body.referrals.map((r: Json) => [r.id, r.partnerId, r.package])).toEqual([
      [earlier.body.id, partner.id, earlier.body.package],
    ]);
    const ack = await call(
      'POST',
      `/cases/${caseId}/referrals/${earlier.body.id}/acknowledgement`,
      coordinator.token,
      {},
    );
    expect(ack.status).toBe(200);
  });

  it('a retired partner is not edited nor retired again; unknown, malformed ids and a body with keys refused', async () => {
    const partner = await newPartner(t, coordinator.principal);
    expect((await call('POST', `/partners/${partner.id}/retirement`, coordinator.token, {})).status).toBe(
      200,
    );
    const before = await partnerRow(partner.id);
    const attempts: [string, string, unknown, number, string][] = [
      ['POST', `/partners/${partner.id}/retirement`, {}, 409, 'PARTNER_RETIRED'],
      ['PATCH', `/partners/${partner.id}`, { name: 'Revived' }, 409, 'PARTNER_RETIRED'],
      ['POST', `/partners/${randomUUID()}/retirement`, {}, 404, 'NOT_FOUND'],
      ['POST', '/partners/nope/retirement', {}, 404, 'NOT_FOUND'],
      ['POST', `/partners/${partner.id}/retirement`, { reason: 'x' }, 400, 'PARTNER_INVALID'],
    ];
    for (const [method, path, body, status, code] of attempts) {
      const res = await call(method, path, coordinator.token, body);
      expect([method, path, res.status, res.body.error?.code]).toEqual([method, path, status, code]);
    }
    expect(await partnerRow(partner.id)).toEqual(before);
    expect(await auditOf('partner.retired', partner.id)).toHaveLength(1);
  });

  it('racing a referral: the referral either lands before the retirement or is refused, never after it', async () => {
    const caseId = await aCase();
    const partner = await newPartner(t, coordinator.principal);
    const [referral, retirement] = await Promise.all([
      refer(caseId, partner.id),
      call('POST', `/partners/${partner.id}/retirement`, coordinator.token, {}),
    ]);
    expect(retirement.status).toBe(200);
    expect([201, 409]).toContain(referral.status);
    const [row] = await t.dataSource.query<{ referrals: number }[]>(
      `SELECT count(*)::int AS referrals FROM referrals WHERE partner_id = $1`,
      [partner.id],
    );
    expect(row.referrals).toBe(referral.status === 201 ? 1 : 0);
  });
});
