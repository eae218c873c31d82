import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Messages of a report thread written from a case (owned by the reports feature):
 * - `author_user_id`: the caseworker who wrote a message (null for the reporter's own), so the
 *   case timeline names its actor as the audit log already does;
 * - `reporter_read_on`: the day the reporter first read a caseworker's message with the receipt —
 *   a day, never a time, so that a seized database does not date the reporter's visits finely.
 */
export class MessageReadMarks1795370000000 implements MigrationInterface {
  name = 'MessageReadMarks1795370000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE report_items ADD COLUMN author_user_id uuid NULL`);
    await q.query(`ALTER TABLE report_items ADD COLUMN reporter_read_on date NULL`);
    await q.query(
      `ALTER TABLE report_items ADD CONSTRAINT report_items_read_only_caseworker_messages
         CHECK (reporter_read_on IS NULL OR (kind = 'message' AND author = 'caseworker'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE report_items DROP CONSTRAINT report_items_read_only_caseworker_messages`);
    await q.query(`ALTER TABLE report_items DROP COLUMN reporter_read_on`);
    await q.query(`ALTER TABLE report_items DROP COLUMN author_user_id`);
  }
}
