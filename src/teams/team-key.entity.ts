import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TeamName } from './team';

/**
 * One generation of a team's key pair (the key itself is a `keys` row of kind `team`). The current
 * generation has no successor; a rotated one names the key that replaced it, which receives a slot
 * of it as soon as a member (or the recovery key) opens both.
 */
@Entity({ name: 'team_keys' })
export class TeamKeyRow {
  @PrimaryColumn({ name: 'key_id', type: 'uuid' })
  keyId: string;

  @Column({ type: 'text' })
  team: TeamName;

  @Column({ type: 'integer' })
  generation: number;

  @Column({ name: 'successor_key_id', type: 'uuid', nullable: true })
  successorKeyId: string | null;
}
