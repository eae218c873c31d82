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

  /** The caseworker who wrote a message; null for the reporter's own and for answers. */
  @Column({ name: 'author_user_id', type: 'uuid', nullable: true })
  authorUserId: string | null;

  /** The day (never a time) the reporter first read a caseworker's message. */
  @Column({ name: 'reporter_read_on', type: 'date', nullable: true })
  reporterReadOn: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
