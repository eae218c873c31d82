import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type KeySlotHolderType = 'user' | 'recovery' | 'reporter';

/** The case private key sealed to one holder (see the CaseKeySlots migration). */
@Entity({ name: 'case_key_slots' })
export class CaseKeySlot {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ name: 'holder_type', type: 'text' })
  holderType: KeySlotHolderType;

  @Column({ name: 'holder_id', type: 'uuid', nullable: true })
  holderId: string | null;

  @Column({ name: 'sealed_key', type: 'bytea' })
  sealedKey: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
