import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How a receipt finds its report: a peppered hash of a value derived from the receipt by
 * Argon2id. Neither the receipt nor anything that opens the reporter slot is stored.
 */
@Entity({ name: 'report_receipts' })
export class ReportReceipt {
  @PrimaryColumn({ name: 'lookup_id', type: 'text' })
  lookupId: string;

  @Column({ name: 'report_id', type: 'uuid' })
  reportId: string;
}
