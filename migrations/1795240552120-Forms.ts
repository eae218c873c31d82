import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Intake forms. A form is a slug with a status and a pointer to its current version; every edit
 * publishes a new immutable version, and a report keeps the (form, version) it was made with, so a
 * later edit never changes how an old report reads.
 */
export class Forms1795240552120 implements MigrationInterface {
  name = 'Forms1795240552120';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE forms (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        current_version integer NOT NULL CHECK (current_version >= 1),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE form_versions (
        form_id uuid NOT NULL REFERENCES forms (id) ON DELETE RESTRICT,
        version integer NOT NULL CHECK (version >= 1),
        definition jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (form_id, version)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE form_versions`);
    await q.query(`DROP TABLE forms`);
  }
}
