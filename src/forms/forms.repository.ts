import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { FormDefinition } from './form-definition';
import { Form, FormStatus } from './form.entity';
import { FormVersion } from './form-version.entity';

/** A form with its current definition. */
export interface CurrentForm {
  form: Form;
  definition: FormDefinition;
}

/** Data access for forms and their versions; the rules live in FormsService. */
@Injectable()
export class FormsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findBySlug(slug: string, manager: EntityManager = this.dataSource.manager) {
    return manager.findOne(Form, { where: { slug } });
  }

  /** Locks the form row so that two concurrent edits publish consecutive versions. */
  findBySlugForUpdate(manager: EntityManager, slug: string) {
    return manager.findOne(Form, { where: { slug }, lock: { mode: 'pessimistic_write' } });
  }

  list(manager: EntityManager = this.dataSource.manager) {
    return manager.find(Form, { order: { slug: 'ASC' } });
  }

  findVersion(formId: string, version: number, manager: EntityManager = this.dataSource.manager) {
    return manager.findOne(FormVersion, { where: { formId, version } });
  }

  listVersions(formId: string, manager: EntityManager = this.dataSource.manager) {
    return manager.find(FormVersion, {
      where: { formId },
      order: { version: 'ASC' },
      select: { version: true, createdAt: true, formId: true },
    });
  }

  /** The form and its current definition in one query (the intake path reads this per request). */
  async findCurrent(
    slug: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<CurrentForm | null> {
    const rows = await manager.query<
      {
        id: string;
        slug: string;
        status: FormStatus;
        current_version: number;
        created_at: Date;
        updated_at: Date;
        definition: FormDefinition;
      }[]
    >(
      `SELECT f.id, f.slug, f.status, f.current_version, f.created_at, f.updated_at, v.definition
         FROM forms f JOIN form_versions v ON v.form_id = f.id AND v.version = f.current_version
        WHERE f.slug = $1`,
      [slug],
    );
    const row = rows[0];
    if (!row) return null;
    const form = Object.assign(new Form(), {
      id: row.id,
      slug: row.slug,
      status: row.status,
      currentVersion: row.current_version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    });
    return { form, definition: row.definition };
  }

  async insertForm(manager: EntityManager, slug: string, status: FormStatus): Promise<Form> {
    const form = manager.create(Form, { slug, status, currentVersion: 1 });
    return manager.save(form);
  }

  async insertVersion(manager: EntityManager, formId: string, version: number, definition: FormDefinition) {
    await manager.insert(FormVersion, { formId, version, definition });
  }

  async setCurrent(manager: EntityManager, formId: string, version: number, status: FormStatus) {
    await manager.update(Form, { id: formId }, { currentVersion: version, status });
  }
}
