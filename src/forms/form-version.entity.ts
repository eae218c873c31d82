import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { FormDefinition } from './form-definition';

/** One immutable version of a form's definition; reports point at the version they were made with. */
@Entity({ name: 'form_versions' })
export class FormVersion {
  @PrimaryColumn({ name: 'form_id', type: 'uuid' })
  formId: string;

  @PrimaryColumn({ type: 'integer' })
  version: number;

  @Column({ type: 'jsonb' })
  definition: FormDefinition;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
