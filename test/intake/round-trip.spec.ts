import { CaseAccessService } from '../../src/keys/case-access.service';
import type { Principal } from '../../src/access/principal';
import { ReportMessagesService } from '../../src/reports/report-messages.service';
import { defaultFormAnswers, seedDefaultForm } from '../support/factories/forms.factory';
import {
  buildSealedSubmission,
  fetchPublicForm,
  submitPlaintext,
} from '../support/factories/reports.factory';
import { startTestApp, TestApp } from '../support/test-app';
import { latestReportId, readAsTriager, signedInTriager } from './support';

const SENSITIVE = ['what_happened', 'contact_channel', 'contact_handle', 'name_or_alias'];

function split(answers: Record<string, unknown>) {
  const sensitive = Object.fromEntries(Object.entries(answers).filter(([k]) => SENSITIVE.includes(k)));
  const statistical = Object.fromEntries(Object.entries(answers).filter(([k]) => !SENSITIVE.includes(k)));
  return { sensitive, statistical };
}

describe('intake round trip', () => {
  let t: TestApp;
  let triager: Principal;
  let slug: string;

  beforeAll(async () => {
    t = await startTestApp();
    slug = await seedDefaultForm(t);
    triager = await signedInTriager(t);
  });
  afterAll(() => t.close());

  async function reporterReadsCaseworkerMessage(reportId: string, receipt: string) {
    await t.dataSource.transaction((m) =>
      t.app
        .get(ReportMessagesService)
        .addCaseworkerMessage(m, reportId, triager.userId, 'Мы получили ваше сообщение'),
    );
    const session = await t.post<{ token: string }>('/api/v1/reporter/session', { receipt });
    expect(session.status).toBe(201);
    const view = await t.get<{ status: string; messages: { from: string; text: string }[] }>(
      '/api/v1/reporter/report',
      {
        token: session.body.token,
      },
    );
    expect(view.status).toBe(200);
    expect(view.body.status).toBe('received');
    expect(view.body.messages).toEqual([
      expect.objectContaining({ from: 'caseworker', text: 'Мы получили ваше сообщение' }),
    ]);
  }

  it('plaintext mode: a triager gets back exactly what was sent; the reporter reads a reply', async () => {
    const answers = {
      ...defaultFormAnswers('plain-🙂-"quoted"'),
      what_happened: 'line\nnul\u0000 tab\t 🙂 \\ "q"',
    };
    const receipt = await submitPlaintext(t, slug, answers);
    expect(receipt).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    const reportId = await latestReportId(t);

    const report = await readAsTriager(t, triager, reportId);
    const { sensitive, statistical } = split(answers);
    expect(report.answers).toEqual(sensitive);
    expect(report.statistics).toEqual(statistical);
    expect(report.unreadable).toEqual([]);
    expect(report.channel).toBe('web');
    expect(report.urgencyFlags.sort()).toEqual(['detained_now', 'wants_evacuation']);

    const row = await t.dataSource.query(
      `SELECT incident_month, region, categories, urgent, language FROM reports WHERE id = $1`,
      [reportId],
    );
    expect(row[0]).toEqual({
      incident_month: '2026-10',
      region: 'chechnya',
      categories: ['detention', 'threats_police'],
      urgent: true,
      language: 'ru',
    });
    await reporterReadsCaseworkerMessage(reportId, receipt);
  });

  it('sealed mode: built with src/crypto as a browser would, read back identically', async () => {
    const form = await fetchPublicForm(t, slug);
    expect(form.recipients.map((r) => r.keyId)).toContain('recovery');
    expect(form.recipients).toHaveLength(2);
    const answers = defaultFormAnswers('sealed-\u202e-ж');
    const submission = buildSealedSubmission(form, answers);
    const res = await t.post(`/api/v1/intake/${slug}/reports`, submission.body);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ reportId: submission.reportId, status: 'received' });

    const report = await readAsTriager(t, triager, submission.reportId);
    const { sensitive, statistical } = split(answers);
    expect(report.answers).toEqual(sensitive);
    expect(report.statistics).toEqual(statistical);
    await reporterReadsCaseworkerMessage(submission.reportId, submission.receipt);
  });

  it('the reporter can write back, and a triager reads it', async () => {
    const receipt = await submitPlaintext(t, slug, defaultFormAnswers('reply'));
    const reportId = await latestReportId(t);
    const session = await t.post<{ token: string }>('/api/v1/reporter/session', {
      receipt: receipt.replace(/ /g, '-'),
    });
    expect(session.status).toBe(201);
    const sent = await t.post(
      '/api/v1/reporter/messages',
      { text: 'Мне нужна помощь' },
      { token: session.body.token },
    );
    expect(sent.status).toBe(201);
    const thread = await t.app
      .get(CaseAccessService)
      .withCaseKeyPair(triager, reportId, (keys) => t.app.get(ReportMessagesService).thread(reportId, keys));
    expect(thread.map((m) => [m.from, m.text])).toEqual([['reporter', 'Мне нужна помощь']]);
  });
});
