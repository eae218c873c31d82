import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type ReportItemKind = 'answer' | 'message';
export type MessageAuthor = 'reporter' | 'caseworker' | 'operator';

/** One encrypted item of a report: an answer (keyed by field) or a message (keyed by sequence). */
@Entity({ name: 'report_items' })
export class ReportItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'report_id', type: 'uuid' })
  reportId: string;

  @Column({ type: 'text' })
  kind: ReportItemKind;

  @Column({ name: 'item_key', type: 'text' })
  itemKey: string;

  @Column({ type: 'text', nullable: true })
  author: MessageAuthor | null;

  @Column({ type: 'bytea' })
  envelope: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
