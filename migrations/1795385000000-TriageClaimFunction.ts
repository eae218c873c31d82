import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `triage_claim(user, now, expires, max_leases)`: the human claim as ONE call, so that the API sends
 * one statement per claim instead of a transaction of four (BEGIN, lock, claim, COMMIT). In order:
 * - the caller must hold a slot of the current triage team key (`member` false otherwise, and
 *   nothing is claimed: the service then asks the teams feature why — pending or no role);
 * - a transaction-level advisory lock per claimer (the key the service used before), so that two
 *   concurrent claims by one person cannot both pass the lease limit;
 * - the count of the caller's live leases, then the head of the claim order among free or expired
 *   undecided items, `FOR UPDATE SKIP LOCKED`, leased in the same statement.
 * A VOLATILE PL/pgSQL function takes a new snapshot for each statement in it (READ COMMITTED): the
 * count after the lock sees a concurrent claim by the same person that committed meanwhile, which
 * a single SQL statement (one snapshot taken before the lock) would not.
 */
export class TriageClaimFunction1795385000000 implements MigrationInterface {
  name = 'TriageClaimFunction1795385000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION triage_claim(p_user uuid, p_now timestamptz, p_expires timestamptz, p_max integer)
      RETURNS TABLE (report_id uuid, priority smallint, lease_expires_at timestamptz,
                     hints_computed boolean, held integer, member boolean)
      LANGUAGE plpgsql VOLATILE ROWS 1 AS $$
      #variable_conflict use_column
      DECLARE v_held integer;
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM team_keys t
                         JOIN key_slots s ON s.key_id = t.key_id AND s.holder_type = 'user' AND s.holder_id = p_user
                        WHERE t.team = 'triage' AND t.successor_key_id IS NULL) THEN
          RETURN QUERY SELECT NULL::uuid, NULL::smallint, NULL::timestamptz, NULL::boolean, 0, false;
          RETURN;
        END IF;
        PERFORM pg_advisory_xact_lock(hashtextextended(p_user::text, 1795340000));
        SELECT count(*) INTO v_held FROM triage_items i
         WHERE i.lease_holder = p_user AND i.decision IS NULL AND i.lease_expires_at > p_now;
        IF v_held < p_max THEN
          RETURN QUERY
            WITH candidate AS (
              SELECT i.report_id FROM triage_items i
               WHERE i.decision IS NULL AND (i.lease_expires_at IS NULL OR i.lease_expires_at <= p_now)
               ORDER BY i.priority DESC, i.waiting_since, i.report_id
               LIMIT 1
               FOR UPDATE SKIP LOCKED)
            UPDATE triage_items t SET lease_holder = p_user, lease_expires_at = p_expires
              FROM candidate c WHERE t.report_id = c.report_id
            RETURNING t.report_id, t.priority, t.lease_expires_at, t.hints_computed, v_held, true;
          IF FOUND THEN RETURN; END IF;
        END IF;
        RETURN QUERY SELECT NULL::uuid, NULL::smallint, NULL::timestamptz, NULL::boolean, v_held, true;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION triage_claim(uuid, timestamptz, timestamptz, integer)`);
  }
}
