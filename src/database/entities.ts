import { FormVersion } from '../forms/form-version.entity';
import { Form } from '../forms/form.entity';
import { ReportItem } from '../reports/report-item.entity';
import { ReportReceipt } from '../reports/report-receipt.entity';
import { Report } from '../reports/report.entity';
import { Key } from '../keys/key.entity';
import { KeySlot } from '../keys/key-slot.entity';
import { User } from '../users/user.entity';

/**
 * Every TypeORM entity, listed explicitly so that the app, the CLI, the migration generator and the
 * tests load the same set without globbing the file system.
 */
export const ENTITIES: (new (...args: never[]) => unknown)[] = [
  Key,
  KeySlot,
  User,
  Form,
  FormVersion,
  Report,
  ReportItem,
  ReportReceipt,
];
