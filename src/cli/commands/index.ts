import { auditCommand } from '../../audit/audit.commands';
import { initCommand, lockdownCommand, recoverUserCommand } from '../../auth/cli/auth.commands';
import { seedDefaultFormCommand } from '../../forms/forms.commands';
import { referralsKeygenCommand, referralsOpenCommand } from '../../referrals/referrals.commands';
import { teamsBackfillCommand, teamsGrantCommand } from '../../teams/teams.commands';
import { retentionRunCommand } from '../../retention/retention.commands';
import { statsExportCommand } from '../../stats/stats.commands';
import { retryFailedCommand } from '../../triage/triage.commands';
import { CliCommand } from '../../common/cli/command';
import { dbMigrate, dbRevert, dbStatus } from './db.commands';

/** Every CLI command; features add theirs here. */
export const COMMANDS: CliCommand[] = [
  dbMigrate,
  dbRevert,
  dbStatus,
  auditCommand,
  initCommand,
  lockdownCommand,
  recoverUserCommand,
  seedDefaultFormCommand,
  teamsGrantCommand,
  teamsBackfillCommand,
  retryFailedCommand,
  referralsKeygenCommand,
  referralsOpenCommand,
  retentionRunCommand,
  statsExportCommand,
];
