import { AbuseModule } from './abuse/abuse.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CaseMessagesModule } from './case-messages/case-messages.module';
import { CasesModule } from './cases/cases.module';
import { ChannelsModule } from './channels/channels.module';
import { CryptoPoolModule } from './crypto-pool/crypto-pool.module';
import { FormsModule } from './forms/forms.module';
import { HealthModule } from './health/health.module';
import { IntakeModule } from './intake/intake.module';
import { KeysModule } from './keys/keys.module';
import { MetricsModule } from './metrics/metrics.module';
import { NotificationDeliveryModule, NotificationsModule } from './notifications/notifications.module';
import { OutboxModule } from './outbox/outbox.module';
import { PagesModule } from './pages/pages.module';
import { PartnersModule } from './partners/partners.module';
import { ReferralsModule } from './referrals/referrals.module';
import { ReporterModule } from './reporter/reporter.module';
import { ReportsModule } from './reports/reports.module';
import { RetentionModule } from './retention/retention.module';
import { StatsModule } from './stats/stats.module';
import { TeamsModule } from './teams/teams.module';
import { TriageModule } from './triage/triage.module';
import { UsersModule } from './users/users.module';

/**
 * Every feature module, imported by both process roles. Controllers only serve in the API role;
 * processors and scheduled tasks only run where `WorkerHostModule` is imported.
 */
export const FEATURE_MODULES = [
  AuditModule,
  HealthModule,
  KeysModule,
  OutboxModule,
  AbuseModule,
  ChannelsModule,
  CryptoPoolModule,
  UsersModule,
  TeamsModule,
  AuthModule,
  FormsModule,
  ReportsModule,
  IntakeModule,
  ReporterModule,
  CasesModule,
  TriageModule,
  MetricsModule,
  NotificationsModule,
  // The reports feature owns the counted table and provides PENDING_COUNTS.
  NotificationDeliveryModule.withCounts(ReportsModule),
  CaseMessagesModule,
  PagesModule,
  PartnersModule,
  ReferralsModule,
  RetentionModule,
  StatsModule,
];
