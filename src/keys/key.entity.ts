import { Column, Entity, PrimaryColumn } from 'typeorm';

export type KeyKind = 'report' | 'case' | 'team';

/**
 * The public half of one key pair. Its private half exists only sealed in `key_slots`. The id is
 * what every slot of the key is bound to (`corridor/key-slot` ‖ id, lower-case hyphenated UUID
 * text); a report's key has the report's id.
 */
@Entity({ name: 'keys' })
export class Key {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  kind: KeyKind;

  @Column({ name: 'public_key', type: 'bytea' })
  publicKey: Buffer;

  /** 'YYYY-MM', never a day. */
  @Column({ name: 'created_month', type: 'text' })
  createdMonth: string;
}
