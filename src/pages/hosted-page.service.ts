import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors';
import type { FormDefinition } from '../forms/form-definition';
import { FormsService } from '../forms/forms.service';
import { PublicIntakeService } from '../intake/public-intake.service';
import { ProofOfWorkService } from '../abuse/proof-of-work.service';
import { ReporterService } from '../reporter/reporter.service';
import type { SignedRequestParts } from '../channels/signed-request';
import { readPostedForm, FieldProblem, KeptAnswers } from './form-post';
import { catalogue, pickLanguage, PageLanguage } from './page-catalogue';
import { PageRenderer, RenderedPage } from './page-renderer';
import { fieldViews, formPath, formTexts, pageFrame } from './page-views';

/** What a page request brings: the language asked for and the caller's rate-limit identity. */
export interface PageRequest {
  slug: string;
  lang: unknown;
  acceptLanguage: string | undefined;
  address: string;
}

type Body = Record<string, unknown>;

/** A hosted-page post carries no channel signature: it is the web form. */
const UNSIGNED: SignedRequestParts = {
  present: false,
  channelName: undefined,
  timestamp: undefined,
  signature: undefined,
  rawBody: Buffer.alloc(0),
};

function asBody(body: unknown): Body | null {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Body) : null;
}

function field(body: Body | null, name: string): string | undefined {
  const value = body && Object.prototype.hasOwnProperty.call(body, name) ? body[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/**
 * The proof of work of a plain POST: page.js solves it with WebCrypto (no WebAssembly needed) and
 * adds it as two hidden fields, so a browser without WebAssembly still gets through; a post
 * without them (JavaScript off) is refused by the intake with POW_REQUIRED and gets the page that
 * explains it.
 */
function postedProof(body: Body): { proof?: { challenge: string; nonce: string } } {
  const challenge = field(body, '_pow_challenge');
  const nonce = field(body, '_pow_nonce');
  return challenge !== undefined && nonce !== undefined ? { proof: { challenge, nonce } } : {};
}

/**
 * The hosted intake page: the form, its plain-POST submission (the server encrypts at once), the
 * receipt, and the reporter's follow-up. Every outcome is a page with a status; answers and receipts
 * are only ever put into the page they belong to, never into a log or an error.
 */
@Injectable()
export class HostedPageService {
  constructor(
    private readonly forms: FormsService,
    private readonly intake: PublicIntakeService,
    private readonly proofOfWork: ProofOfWorkService,
    private readonly reporter: ReporterService,
    private readonly renderer: PageRenderer,
  ) {}

  async showForm(request: PageRequest): Promise<RenderedPage> {
    const { form, lang } = await this.formAndLanguage(request);
    if (!form) return this.notFound(lang);
    return this.renderer.blankForm(`${request.slug}:${form.version}:${lang}`, () =>
      this.formPage(200, request.slug, form.definition, lang, {}, [], null),
    );
  }

  async submitForm(request: PageRequest, rawBody: unknown): Promise<RenderedPage> {
    const body = asBody(rawBody);
    const { form, lang } = await this.formAndLanguage(request, body);
    if (!form) return this.notFound(lang);
    const t = catalogue(lang);
    if (!body) return this.formPage(400, request.slug, form.definition, lang, {}, [], t['error.badPost']);
    const posted = readPostedForm(form.definition, body);
    if (posted.problems.length)
      return this.formPage(400, request.slug, form.definition, lang, posted.kept, posted.problems, null);
    try {
      const answer = await this.intake.accept({ address: request.address, signed: UNSIGNED }, request.slug, {
        answers: posted.answers,
        language: lang,
        ...postedProof(body),
      });
      if (!('receipt' in answer)) throw new Error('plaintext intake answered without a receipt');
      return this.renderer.render(201, 'receipt', {
        ...pageFrame(lang, t.receiptTitle, formPath(request.slug)),
        receipt: answer.receipt,
        note: t.receiptServerNote,
        followUpHref: `${formPath(request.slug)}/follow-up?lang=${lang}`,
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.status === 404 || error.status === 410) return this.notFound(lang);
      const alert =
        error.code === 'RATE_LIMITED'
          ? t['error.rateLimited']
          : error.code === 'POW_REQUIRED' || error.code === 'POW_FAILED'
            ? t['error.powRequired']
            : error.status === 503
              ? t['error.busy']
              : t['error.badPost'];
      return this.formPage(error.status, request.slug, form.definition, lang, posted.kept, [], alert);
    }
  }

  async showFollowUp(request: PageRequest, alert: string | null = null, status = 200): Promise<RenderedPage> {
    const { form, lang } = await this.formAndLanguage(request);
    if (!form) return this.notFound(lang);
    return this.followUpPage(status, request.slug, lang, alert);
  }

  /** Receipt → reporter session → the thread page (the session rides in the page's forms). */
  async openFollowUp(request: PageRequest, rawBody: unknown): Promise<RenderedPage> {
    const body = asBody(rawBody);
    const { form, lang } = await this.formAndLanguage(request, body);
    if (!form) return this.notFound(lang);
    const t = catalogue(lang);
    try {
      const { token } = await this.reporter.openSession(request.address, {
        receipt: field(body, 'receipt') ?? '',
      });
      return this.threadPage(request.slug, lang, token, null, null, '');
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const alert =
        error.status === 429
          ? t.followUpRateLimited
          : error.status === 503
            ? t['error.busy']
            : t.followUpFailed;
      return this.followUpPage(error.status === 401 ? 400 : error.status, request.slug, lang, alert);
    }
  }

  /** The thread again in the language of the query (the thread page's language switch). */
  async showThread(request: PageRequest, rawBody: unknown): Promise<RenderedPage> {
    const { form, lang } = await this.formAndLanguage(request);
    if (!form) return this.notFound(lang);
    try {
      return await this.threadPage(
        request.slug,
        lang,
        field(asBody(rawBody), 'session') ?? '',
        null,
        null,
        '',
      );
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'REPORTER_UNAUTHENTICATED') throw error;
      return this.followUpPage(401, request.slug, lang, catalogue(lang).sessionEnded);
    }
  }

  async reply(request: PageRequest, rawBody: unknown): Promise<RenderedPage> {
    const body = asBody(rawBody);
    const { form, lang } = await this.formAndLanguage(request, body);
    if (!form) return this.notFound(lang);
    const t = catalogue(lang);
    const session = field(body, 'session');
    const text = (field(body, 'text') ?? '').replace(/\r\n/g, '\n');
    try {
      await this.reporter.addMessage(session, { text });
      return await this.threadPage(request.slug, lang, session!, t.replySent, null, '');
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.code === 'REPORTER_UNAUTHENTICATED')
        return this.followUpPage(401, request.slug, lang, t.sessionEnded);
      const replyError =
        error.code === 'REPORTER_MESSAGE_RATE_LIMITED'
          ? t.replyRateLimited
          : error.code === 'REPORTER_MESSAGE_LIMIT_REACHED'
            ? t.replyLimit
            : t.replyInvalid;
      const page = await this.threadPage(request.slug, lang, session!, null, replyError, text);
      return { ...page, status: error.status };
    }
  }

  async leave(request: PageRequest, rawBody: unknown): Promise<RenderedPage> {
    const body = asBody(rawBody);
    const { form, lang } = await this.formAndLanguage(request, body);
    await this.reporter.endSession(field(body, 'session'));
    if (!form) return this.notFound(lang);
    const t = catalogue(lang);
    return this.renderer.render(200, 'message', {
      ...pageFrame(lang, t.leftTitle, formPath(request.slug)),
      heading: t.leftTitle,
      text: t.leftBody,
      linkHref: `${formPath(request.slug)}/follow-up?lang=${lang}`,
      linkText: t.followUpTitle,
    });
  }

  notFound(lang: PageLanguage): Promise<RenderedPage> {
    const t = catalogue(lang);
    return this.renderer.render(404, 'message', {
      ...pageFrame(lang, t.notFoundTitle, ''),
      heading: t.notFoundTitle,
      text: t.notFoundBody,
      linkHref: null,
    });
  }

  /**
   * The open form of the request's slug (null for an unknown or closed one) and the page's
   * language: a posted `_lang` field first, then `?lang=`, then Accept-Language, among the form's.
   */
  private async formAndLanguage(
    request: PageRequest,
    body: Body | null = null,
  ): Promise<{ form: { version: number; definition: FormDefinition } | null; lang: PageLanguage }> {
    const form = await this.openForm(request.slug);
    const lang = pickLanguage(
      field(body, '_lang') ?? request.lang,
      request.acceptLanguage,
      form?.definition.languages,
    );
    return { form, lang };
  }

  /** The open form of a slug; an unknown and a closed form are the same "not found". */
  private async openForm(slug: string): Promise<{ version: number; definition: FormDefinition } | null> {
    const current = await this.forms.findCurrentCached(slug);
    if (!current || current.form.status !== 'open') return null;
    return { version: current.form.currentVersion, definition: current.definition };
  }

  private formPage(
    status: number,
    slug: string,
    definition: FormDefinition,
    lang: PageLanguage,
    kept: KeptAnswers,
    problems: { key: string; problem: FieldProblem }[],
    alert: string | null,
  ): Promise<RenderedPage> {
    const t = catalogue(lang);
    const texts = formTexts(definition, lang);
    const fields = fieldViews(definition, lang, kept, problems);
    const path = formPath(slug);
    const followUpHref = `${path}/follow-up?lang=${lang}`;
    return this.renderer.render(status, 'form', {
      ...pageFrame(lang, texts.title, path),
      slug,
      formTitle: texts.title,
      description: texts.description,
      action: `${path}?lang=${lang}`,
      followUpHref,
      powPath: this.proofOfWork.publicParameters(slug)?.challengePath ?? null,
      fields,
      problems: fields.filter((f) => f.error).map((f) => ({ target: f.id, label: f.label, text: f.error })),
      alert,
      browserReceipt: { t, receipt: '', note: t.receiptBrowserNote, followUpHref },
    });
  }

  private followUpPage(status: number, slug: string, lang: PageLanguage, alert: string | null) {
    const t = catalogue(lang);
    const path = formPath(slug);
    return this.renderer.render(status, 'follow-up', {
      ...pageFrame(lang, t.followUpTitle, `${path}/follow-up`),
      alert,
      action: `${path}/follow-up?lang=${lang}`,
      formHref: `${path}?lang=${lang}`,
    });
  }

  private async threadPage(
    slug: string,
    lang: PageLanguage,
    session: string,
    notice: string | null,
    replyError: string | null,
    replyText: string,
  ): Promise<RenderedPage> {
    const t = catalogue(lang);
    const view = await this.reporter.view(session);
    const path = formPath(slug);
    return this.renderer.render(200, 'thread', {
      ...pageFrame(lang, t.threadTitle, `${path}/follow-up/thread`, session),
      notice,
      statusText: t[`status.${view.status}`],
      submittedMonth: view.submittedMonth,
      messages: view.messages.map((m) => ({
        from: m.from,
        fromText: m.from === 'reporter' ? t.fromReporter : t.fromCaseworker,
        sentOn: m.sentOn,
        text: m.text ?? t.unreadable,
      })),
      session,
      replyError,
      replyText,
      replyAction: `${path}/follow-up/reply?lang=${lang}`,
      leaveAction: `${path}/follow-up/leave?lang=${lang}`,
    });
  }
}
