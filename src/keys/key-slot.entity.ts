import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Who holds a slot: a user (by id), the recovery key, the reporter (receipt), or another key. */
export type KeySlotHolderType = 'user' | 'recovery' | 'reporter' | 'key';

/** The private key of `keyId` sealed to one holder (see the KeysAsRows migration). */
@Entity({ name: 'key_slots' })
export class KeySlot {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The key this slot opens (keys.id). */
  @Column({ name: 'key_id', type: 'uuid' })
  keyId: string;

  @Column({ name: 'holder_type', type: 'text' })
  holderType: KeySlotHolderType;

  /** The holding user's id (holder type `user` only). */
  @Column({ name: 'holder_id', type: 'uuid', nullable: true })
  holderId: string | null;

  /** The holding key's id (holder type `key` only). */
  @Column({ name: 'holder_key_id', type: 'uuid', nullable: true })
  holderKeyId: string | null;

  @Column({ name: 'sealed_key', type: 'bytea' })
  sealedKey: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
