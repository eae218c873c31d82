import type { EntityClass } from './database/data-source-options';
import { FormVersion } from './forms/form-version.entity';
import { Form } from './forms/form.entity';
import { ReportItem } from './reports/report-item.entity';
import { ReportReceipt } from './reports/report-receipt.entity';
import { Report } from './reports/report.entity';
import { Key } from './keys/key.entity';
import { KeySlot } from './keys/key-slot.entity';
import { TeamKeyRow } from './teams/team-key.entity';
import { User } from './users/user.entity';

/**
 * Every TypeORM entity, for the data sources that run without the feature modules (the CLI, the
 * migration generator, tests). The application does not use this list: each feature registers its
 * own entities (`TypeOrmModule.forFeature`) and the database module loads what they registered;
 * a test checks that both sets agree.
 */
export const ENTITIES: EntityClass[] = [
  Key,
  KeySlot,
  User,
  Form,
  FormVersion,
  Report,
  ReportItem,
  ReportReceipt,
  TeamKeyRow,
];
