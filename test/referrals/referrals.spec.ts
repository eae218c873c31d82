import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Role } from '../../src/access/permissions';
import type { Principal } from '../../src/access/principal';
import { toBase64Url } from '../../src/crypto';
import { AuditService } from '../../src/audit/audit.service';
import { referralsOpenCommand } from '../../src/referrals/referrals.commands';
import { ReferralsService } from '../../src/referrals/referrals.service';
import { newCase } from '../support/factories/cases.factory';
import { newPartner, principalOf } from '../support/factories/partners.factory';
import { createTriageForm } from '../support/factories/triage.factory';
import { createSignedInUser, createUser } from '../support/factories/users.factory';
import { startTestApp, TestApp } from '../support/test-app';
import { decodeReferralPackage } from './referral-decoder';

jest.setTimeout(180_000);

let t: TestApp;
let slug: string;
let openerId: string;
let coordinator: { id: string; token: string; principal: Principal };
let worker: { id: string; token: string; principal: Principal };

beforeAll(async () => {
  t = await startTestApp();
  slug = await createTriageForm(t);
  openerId = (await createUser(t, { roles: [Role.TRIAGER] })).id;
  const c = await createSignedInUser(t, { roles: [Role.COORDINATOR] });
  coordinator = { ...c, principal: await principalOf(t, c.token) };
  const w = await createSignedInUser(t, { roles: [Role.CASEWORKER] });
  worker = { ...w, principal: await principalOf(t, w.token) };
});
afterAll(() => t?.close());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const call = (method: string, path: string, token: string, body?: unknown) =>
  t.request<Json>(method, `/api/v1${path}`, { token, body });
const referrals = () => t.app.get(ReferralsService);
const today = () => new Date().toISOString().slice(0, 10);
const CONSENT = { who: 'consent-who-canary', how: 'phone_call', when: today() } as const;

/** A case assigned to the worker, with summary, alias and needs written, opened from `story`. */
async function workedCase(story = 'story-canary') {
  const c = await newCase(t, { slug, openerId, answers: { story, phone: '+79280000001' } });
  await call('POST', `/cases/${c.caseId}/assignees`, coordinator.token, { userId: worker.id });
  const patched = await call('PATCH', `/cases/${c.caseId}`, worker.token, {
    version: 1,
    summary: 'summary-canary',
    alias: 'alias-canary',
    needs: ['shelter', 'legal'],
    risks: ['being_tracked'],
  });
  expect(patched.status).toBe(200);
  return c;
}

async function referralRows(caseId: string) {
  return t.dataSource.query<{ id: string; text: string }[]>(
    `SELECT id, encode(record, 'escape') || encode(package, 'escape') AS text FROM referrals WHERE case_id = $1`,
    [caseId],
  );
}

const auditOf = (action: string, targetId?: string) =>
  t.dataSource.query<{ details: string; target_id: string | null; actor_id: string | null }[]>(
    `SELECT details::text AS details, target_id, actor_id FROM audit_entries
      WHERE action = $1 AND ($2::text IS NULL OR target_id = $2) ORDER BY seq`,
    [action, targetId ?? null],
  );

describe('a referral', () => {
  it('seals exactly the consented fields to the partner: an independent decoder opens them and nothing else', async () => {
    const { caseId, reportId } = await workedCase();
    const partner = await newPartner(t, coordinator.principal);
    const fields = ['alias', 'needs', 'answer:phone', 'answer:detained_now', 'answer:not_in_form'];
    const created = await referrals().refer(worker.principal, caseId, {
      partnerId: partner.id,
      fields,
      consent: CONSENT,
      acknowledgeWithinDays: 5,
    });
    expect(created).toMatchObject({ caseId, partnerId: partner.id, fields });
    expect(created.acknowledgeBy).toBe(new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10));

    const decoded = await decodeReferralPackage(JSON.stringify(created.package), partner.keys.privateKey);
    expect(decoded.content).toEqual({
      format: 'corridor-referral/1',
      referralId: created.id,
      acknowledgeBy: created.acknowledgeBy,
      fields: {
        alias: 'alias-canary',
        needs: ['legal', 'shelter'],
        'answer:phone': '+79280000001',
        'answer:detained_now': false,
        'answer:not_in_form': null,
      },
    });
    // Answers are shared: the report was opened through the case key for it, and that read audited.
    expect(await auditOf('report.content_decrypted', reportId)).toHaveLength(1);
    // Nothing that was not consented to: not the summary, the story, the risks, nor the consent itself.
    for (const absent of ['summary-canary', 'story-canary', 'being_tracked', 'consent-who-canary', caseId])
      expect([absent, decoded.text.includes(absent)]).toEqual([absent, false]);

    // Another partner's key does not open it, and neither does a package moved to another referral id.
    const other = await newPartner(t, coordinator.principal);
    await expect(
      decodeReferralPackage(JSON.stringify(created.package), other.keys.privateKey),
    ).rejects.toThrow();
    const moved = { ...created.package, referralId: randomUUID() };
    await expect(decodeReferralPackage(JSON.stringify(moved), partner.keys.privateKey)).rejects.toThrow();

    // Stored sealed: no canary in the referral row; audited with the field names only.
    const rows = await referralRows(caseId);
    expect(rows.map((r) => r.id)).toEqual([created.id]);
    expect(rows[0].text).not.toMatch(/canary|7928/);
    const [audit] = await auditOf('referral.created', created.id);
    expect([JSON.parse(audit.details), audit.actor_id]).toEqual([
      { caseId, partnerId: partner.id, partnerKeyId: created.partnerKeyId, fields },
      worker.id,
    ]);
    expect(audit.details).not.toMatch(/canary/);
  });

  it('over HTTP: 201 with the package; the list shows the consent decrypted and the same package', async () => {
    const { caseId, reportId } = await workedCase();
    const partner = await newPartner(t, coordinator.principal);
    const res = await call('POST', `/cases/${caseId}/referrals`, worker.token, {
      partnerId: partner.id,
      fields: ['summary', 'region', 'milestones', 'risks'],
      consent: CONSENT,
    });
    expect(res.status).toBe(201);
    expect(res.body.acknowledgeBy).toBe(new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10));
    const decoded = await decodeReferralPackage(JSON.stringify(res.body.package), partner.keys.privateKey);
    expect(Object.keys(decoded.content.fields)).toEqual(['summary', 'region', 'milestones', 'risks']);
    // No answer shared: the case was read for the referral, its report was not opened.
    const caseReads = await auditOf('case.content_decrypted', caseId);
    expect(caseReads.map((r) => JSON.parse(r.details).purpose)).toEqual(['referral']);
    expect(await auditOf('report.content_decrypted', reportId)).toEqual([]);
    expect(decoded.content.fields).toMatchObject({
      summary: 'summary-canary',
      milestones: [],
      risks: ['being_tracked'],
    });

    // The partner's command line opens the same package with the private key on stdin.
    const file = join(mkdtempSync(join(tmpdir(), 'referral-')), 'package.json');
    writeFileSync(file, JSON.stringify(res.body.package));
    const printed: string[] = [];
    const opened = await referralsOpenCommand.run({
      args: [file],
      config: t.config,
      out: (line) => printed.push(line),
      err: (line) => printed.push(line),
      stdin: Readable.from([`${toBase64Url(partner.keys.privateKey)}\n`]),
    });
    expect([opened, JSON.parse(printed.join('\n'))]).toEqual([0, decoded.content]);

    const list = await call('GET', `/cases/${caseId}/referrals`, coordinator.token);
    expect(list.status).toBe(200);
    expect(list.body.referrals).toEqual([
      expect.objectContaining({
        id: res.body.id,
        partnerId: partner.id,
        createdBy: worker.id,
        consent: CONSENT,
        fields: ['summary', 'region', 'milestones', 'risks'],
        acknowledgement: null,
        overdue: false,
        package: res.body.package,
        unreadable: [],
      }),
    ]);
  });

  it('refuses without consent, for an unknown partner, for a field outside the table: own codes, nothing written', async () => {
    const { caseId } = await workedCase();
    const partner = await newPartner(t, coordinator.principal);
    const auditsBefore = (await auditOf('referral.created')).length;
    const cases: [unknown, number, string][] = [
      [{ partnerId: partner.id, fields: ['alias'] }, 422, 'REFERRAL_CONSENT_REQUIRED'],
      [{ partnerId: randomUUID(), fields: ['alias'], consent: CONSENT }, 422, 'REFERRAL_PARTNER_UNKNOWN'],
      [{ partnerId: 'not-a-uuid', fields: ['alias'], consent: CONSENT }, 422, 'REFERRAL_PARTNER_UNKNOWN'],
      [{ partnerId: partner.id, fields: ['notes'], consent: CONSENT }, 400, 'REFERRAL_INVALID'],
      [{ partnerId: partner.id, fields: [], consent: CONSENT }, 400, 'REFERRAL_INVALID'],
      [{ partnerId: partner.id, fields: ['alias', 'alias'], consent: CONSENT }, 400, 'REFERRAL_INVALID'],
      [
        { partnerId: partner.id, fields: ['alias'], consent: { ...CONSENT, how: 'telepathy' } },
        400,
        'REFERRAL_INVALID',
      ],
      [
        { partnerId: partner.id, fields: ['alias'], consent: { ...CONSENT, when: '2999-01-01' } },
        400,
        'REFERRAL_INVALID',
      ],
      [
        { partnerId: partner.id, fields: ['alias'], consent: { ...CONSENT, who: ' ' } },
        400,
        'REFERRAL_INVALID',
      ],
      [
        { partnerId: partner.id, fields: ['alias'], consent: CONSENT, acknowledgeWithinDays: 0 },
        400,
        'REFERRAL_INVALID',
      ],
    ];
    for (const [body, status, code] of cases) {
      const res = await call('POST', `/cases/${caseId}/referrals`, worker.token, body);
      expect([JSON.stringify(body), res.status, res.body.error?.code]).toEqual([
        JSON.stringify(body),
        status,
        code,
      ]);
    }
    expect(await referralRows(caseId)).toEqual([]);
    expect(await auditOf('referral.created')).toHaveLength(auditsBefore);
  });

  it('a failure after the referral row is written (its audit entry) leaves no referral behind', async () => {
    const { caseId } = await workedCase();
    const partner = await newPartner(t, coordinator.principal);
    const audit = t.app.get(AuditService);
    const original = audit.record.bind(audit);
    const spy = jest.spyOn(audit, 'record').mockImplementation(async (manager, event) => {
      if (event.action === 'referral.created') throw new Error('audit down');
      return original(manager, event);
    });
    try {
      await expect(
        referrals().refer(worker.principal, caseId, {
          partnerId: partner.id,
          fields: ['alias'],
          consent: CONSENT,
          acknowledgeWithinDays: 7,
        }),
      ).rejects.toThrow('audit down');
    } finally {
      spy.mockRestore();
    }
    expect(await referralRows(caseId)).toEqual([]);
  });

  it('an acknowledgement is recorded once, sealed; the case timeline shows the referral and its acknowledgement', async () => {
    const { caseId } = await workedCase();
    const partner = await newPartner(t, coordinator.principal);
    const created = await referrals().refer(worker.principal, caseId, {
      partnerId: partner.id,
      fields: ['alias'],
      consent: CONSENT,
      acknowledgeWithinDays: 7,
    });
    const path = `/cases/${caseId}/referrals/${created.id}/acknowledgement`;
    const ack = await call('POST', path, worker.token, { note: 'ack-note-canary' });
    expect([ack.status, ack.body]).toEqual([200, { id: created.id, acknowledgedMonth: today().slice(0, 7) }]);
    const again = await call('POST', path, coordinator.token, {});
    expect([again.status, again.body.error.code]).toEqual([409, 'REFERRAL_ALREADY_ACKNOWLEDGED']);
    expect(await auditOf('referral.acknowledged', created.id)).toEqual([
      expect.objectContaining({ details: JSON.stringify({ caseId, note: true }), actor_id: worker.id }),
    ]);
    const [stored] = await t.dataSource.query<{ text: string }[]>(
      `SELECT encode(acknowledgement, 'escape') AS text FROM referrals WHERE id = $1`,
      [created.id],
    );
    expect(stored.text).not.toContain('canary');

    const list = (await referrals().list(worker.principal, caseId)).referrals;
    expect(list[0].acknowledgement).toMatchObject({ by: worker.id, note: 'ack-note-canary' });
    const timeline = await call('GET', `/cases/${caseId}/timeline`, worker.token);
    const entries = (timeline.body as unknown as Json[]).filter((e) => e.kind.startsWith('referral'));
    expect(entries).toEqual([
      expect.objectContaining({
        kind: 'referral',
        actorId: worker.id,
        body: {
          referralId: created.id,
          partnerId: partner.id,
          fields: ['alias'],
          acknowledgeBy: created.acknowledgeBy,
        },
      }),
      expect.objectContaining({
        kind: 'referral_acknowledged',
        actorId: worker.id,
        body: { referralId: created.id, note: 'ack-note-canary' },
      }),
    ]);
  });

  it('a referral of another case, a random or a malformed referral id: 404', async () => {
    const a = await workedCase();
    const b = await workedCase();
    const partner = await newPartner(t, coordinator.principal);
    const ofA = await referrals().refer(worker.principal, a.caseId, {
      partnerId: partner.id,
      fields: ['alias'],
      consent: CONSENT,
      acknowledgeWithinDays: 7,
    });
    for (const id of [ofA.id, randomUUID(), 'nope']) {
      const res = await call('POST', `/cases/${b.caseId}/referrals/${id}/acknowledgement`, worker.token, {});
      expect([id, res.status, res.body.error.code]).toEqual([id, 404, 'NOT_FOUND']);
    }
    expect(await auditOf('referral.acknowledged', ofA.id)).toEqual([]);
  });
});
