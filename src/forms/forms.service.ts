import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditAction } from '../audit/audit-action';
import type { AuditActor } from '../audit/audit-event';
import { AuditService } from '../audit/audit.service';
import { DEFAULT_FORM_SLUG, defaultReportFormDefinition } from './default-report-form';
import { FormDefinition, parseFormDefinition } from './form-definition';
import type { FormStatus } from './form.entity';
import { FormsErrorCode, formsError } from './forms.errors';
import { CurrentForm, FormsRepository } from './forms.repository';
import { ShortTtlCache } from './short-ttl-cache';

/**
 * How long an API node may serve a form's current definition and status from memory. Changes made
 * through this process are seen at once (explicit invalidation); another node's edit is seen
 * within this time.
 */
export const CURRENT_FORM_TTL_MS = 2_000;

/** Published definitions kept in memory at most (then the map starts again). */
const MAX_KEPT_VERSIONS = 256;

export interface FormSummary {
  slug: string;
  status: FormStatus;
  currentVersion: number;
  title: Record<string, string>;
  updatedAt: Date;
}

export interface FormDetail extends FormSummary {
  definition: FormDefinition;
  versions: { version: number; createdAt: Date }[];
}

/** Forms: creation, versioned edits (audited), and the current definition for intake. */
@Injectable()
export class FormsService {
  private readonly current = new ShortTtlCache<string, CurrentForm | null>(CURRENT_FORM_TTL_MS);
  private readonly versions = new Map<string, FormDefinition>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly forms: FormsRepository,
    private readonly audit: AuditService,
  ) {}

  async create(
    actor: AuditActor,
    input: { slug: string; status?: FormStatus; definition: unknown },
  ): Promise<FormDetail> {
    const definition = this.validDefinition(input.definition);
    await this.dataSource.transaction((manager) =>
      this.insertNew(manager, actor, input.slug, input.status ?? 'open', definition),
    );
    this.current.invalidate();
    return this.get(input.slug);
  }

  /** Publishes a new version (a report keeps the version it was made with); may also open or close the form. */
  async publishVersion(
    actor: AuditActor,
    slug: string,
    input: { status?: FormStatus; definition: unknown },
  ): Promise<FormDetail> {
    const definition = this.validDefinition(input.definition);
    await this.dataSource.transaction(async (manager) => {
      const form = await this.forms.findBySlugForUpdate(manager, slug);
      if (!form) throw formsError(FormsErrorCode.FORM_NOT_FOUND);
      const version = form.currentVersion + 1;
      const status = input.status ?? form.status;
      await this.forms.insertVersion(manager, form.id, version, definition);
      await this.forms.setCurrent(manager, form.id, version, status);
      await this.audit.record(manager, {
        actor,
        action: AuditAction.FORM_VERSION_PUBLISHED,
        targetType: 'form',
        targetId: form.id,
        details: { slug, version },
      });
    });
    this.current.invalidate();
    return this.get(slug);
  }

  async list(): Promise<FormSummary[]> {
    const forms = await this.forms.list();
    const current = await Promise.all(forms.map((f) => this.forms.findCurrent(f.slug)));
    return current.filter((c): c is CurrentForm => c !== null).map(summary);
  }

  async get(slug: string): Promise<FormDetail> {
    const current = await this.forms.findCurrent(slug);
    if (!current) throw formsError(FormsErrorCode.FORM_NOT_FOUND);
    const versions = await this.forms.listVersions(current.form.id);
    return {
      ...summary(current),
      definition: current.definition,
      versions: versions.map((v) => ({ version: v.version, createdAt: v.createdAt })),
    };
  }

  /** The id of the form `slug`; FORM_NOT_FOUND when there is none (other features key on the id). */
  async idOf(slug: string): Promise<string> {
    const current = await this.forms.findCurrent(slug);
    if (!current) throw formsError(FormsErrorCode.FORM_NOT_FOUND);
    return current.form.id;
  }

  /**
   * `findCurrent` for the public intake routes, served from memory for up to CURRENT_FORM_TTL_MS
   * (one query saved per report). "Not found" is never cached, so a new form is usable at once;
   * an edit published through this process is seen at once, one published on another node within
   * the TTL. The result is shared: callers must not modify it.
   */
  findCurrentCached(slug: string): Promise<CurrentForm | null> {
    return this.current.get(
      slug,
      () => this.forms.findCurrent(slug),
      (found) => found !== null,
    );
  }

  /**
   * The definition of one published version (versions never change, so it is kept in memory;
   * a hotline has a handful). Null when there is no such version.
   */
  async definitionOf(formId: string, version: number): Promise<FormDefinition | null> {
    const key = `${formId}:${version}`;
    const known = this.versions.get(key);
    if (known) return known;
    const row = await this.forms.findVersion(formId, version);
    if (!row) return null;
    if (this.versions.size >= MAX_KEPT_VERSIONS) this.versions.clear();
    this.versions.set(key, row.definition);
    return row.definition;
  }

  /**
   * Creates the default `report` form unless a form with that slug exists (idempotent: `init`
   * may run again). Returns whether it created it.
   */
  async seedDefaultForm(manager: EntityManager, actor: AuditActor = { type: 'system' }): Promise<boolean> {
    if (await this.forms.findBySlug(DEFAULT_FORM_SLUG, manager)) return false;
    this.current.invalidate();
    await this.insertNew(
      manager,
      actor,
      DEFAULT_FORM_SLUG,
      'open',
      this.validDefinition(defaultReportFormDefinition()),
    );
    return true;
  }

  /** `seedDefaultForm` in a transaction of its own (for `init` and `forms:seed-default`). */
  ensureDefaultForm(actor: AuditActor = { type: 'system' }): Promise<boolean> {
    return this.dataSource.transaction((manager) => this.seedDefaultForm(manager, actor));
  }

  private async insertNew(
    manager: EntityManager,
    actor: AuditActor,
    slug: string,
    status: FormStatus,
    definition: FormDefinition,
  ): Promise<void> {
    if (await this.forms.findBySlug(slug, manager)) throw formsError(FormsErrorCode.FORM_SLUG_TAKEN);
    const form = await this.forms.insertForm(manager, slug, status).catch((error: unknown) => {
      // Two concurrent creations of one slug: the unique index decides.
      if ((error as { driverError?: { code?: string } }).driverError?.code === '23505') {
        throw formsError(FormsErrorCode.FORM_SLUG_TAKEN);
      }
      throw error;
    });
    await this.forms.insertVersion(manager, form.id, 1, definition);
    await this.audit.record(manager, {
      actor,
      action: AuditAction.FORM_CREATED,
      targetType: 'form',
      targetId: form.id,
      details: { slug, version: 1 },
    });
  }

  private validDefinition(input: unknown): FormDefinition {
    const parsed = parseFormDefinition(input);
    if (!parsed.ok) throw formsError(FormsErrorCode.FORM_INVALID_DEFINITION, { issues: parsed.issues });
    return parsed.definition;
  }
}

function summary({ form, definition }: CurrentForm): FormSummary {
  return {
    slug: form.slug,
    status: form.status,
    currentVersion: form.currentVersion,
    title: definition.title,
    updatedAt: form.updatedAt,
  };
}
