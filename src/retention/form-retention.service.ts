import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../access/principal';
import { AuditAction } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, AppConfig } from '../config';
import { FormsService } from '../forms/forms.service';
import { FormRetentionRepository } from './form-retention.repository';
import type { FormRetention, FormRetentionBody } from './form-retention.schemas';
import { DEFAULT_RETENTION_DAYS, PolicyOverrides, RETENTION_KINDS, policyDays } from './retention-policy';
import { RetentionErrorCode, retentionError } from './retention.errors';

/**
 * Per-form policies: an admin shortens or lengthens a kind's time-to-live for one form (at least
 * 1 day, at most RETENTION_MAX_DAYS). The run and the receipt lookup read them through here.
 */
@Injectable()
export class FormRetentionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: FormRetentionRepository,
    private readonly forms: FormsService,
    private readonly audit: AuditService,
  ) {}

  /** The policies that apply to the form `slug`: each kind's days, and whether the form overrides it. */
  async get(slug: string): Promise<FormRetention> {
    const formId = await this.forms.idOf(slug);
    return this.view(slug, await this.repository.of(formId));
  }

  /** Sets or clears overrides of the form `slug`, audited with the kinds and days as set. */
  async set(principal: Principal, slug: string, body: FormRetentionBody): Promise<FormRetention> {
    const tooLong = Object.entries(body.days).filter(
      ([, d]) => d !== null && d! > this.config.retention.maxDays,
    );
    if (tooLong.length)
      throw retentionError(RetentionErrorCode.RETENTION_DAYS_TOO_LONG, {
        fields: tooLong.map(([k]) => `days.${k}`),
        maxDays: this.config.retention.maxDays,
      });
    const formId = await this.forms.idOf(slug);
    const overrides = await this.dataSource.transaction(async (manager) => {
      await this.repository.apply(manager, formId, body.days);
      const now = await this.repository.of(formId, manager);
      await this.audit.record(manager, {
        actor: { type: 'user', id: principal.userId },
        action: AuditAction.RETENTION_POLICY_CHANGED,
        targetType: 'form',
        targetId: formId,
        details: { ...now },
      });
      return now;
    });
    return this.view(slug, overrides);
  }

  /** Every form's overrides, by form id. */
  overridesByForm(): Promise<Map<string, PolicyOverrides>> {
    return this.repository.all();
  }

  overridesOf(formId: string): Promise<PolicyOverrides> {
    return this.repository.of(formId);
  }

  private view(slug: string, overrides: PolicyOverrides): FormRetention {
    return {
      slug,
      maxDays: this.config.retention.maxDays,
      policies: RETENTION_KINDS.map((kind) => ({
        kind,
        days: policyDays(kind, overrides),
        defaultDays: DEFAULT_RETENTION_DAYS[kind],
        overridden: overrides[kind] !== undefined,
      })),
    };
  }
}
