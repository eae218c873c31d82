import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Team keys. Each team (`triage`, `coordination`) has a sequence of key pairs (`keys.kind = 'team'`),
 * one per generation: the current one (no successor) receives new content; a rotated one names its
 * successor. Membership is not stored here: a member is a user holding a slot of the team's current
 * key, a pending member a user with the team's role who holds none (see src/teams).
 */
export class TeamKeys1795330000000 implements MigrationInterface {
  name = 'TeamKeys1795330000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE team_keys (
        key_id uuid PRIMARY KEY REFERENCES keys (id),
        team text NOT NULL CHECK (team IN ('triage', 'coordination')),
        generation integer NOT NULL CHECK (generation >= 1),
        successor_key_id uuid NULL REFERENCES keys (id),
        CONSTRAINT team_keys_generation UNIQUE (team, generation),
        CONSTRAINT team_keys_not_own_successor CHECK (successor_key_id IS DISTINCT FROM key_id)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX team_keys_one_current ON team_keys (team) WHERE successor_key_id IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const [{ n }] = (await q.query(`SELECT count(*)::int AS n FROM team_keys`)) as { n: number }[];
    if (n > 0) throw new Error(`${n} team keys exist: reports sealed to them would become unreadable`);
    await q.query(`DROP TABLE team_keys`);
  }
}
