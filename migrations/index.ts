import { CaseKeySlots1763704800000 } from './1763704800000-CaseKeySlots';
import { Forms1795240552120 } from './1795240552120-Forms';
import { Reports1795240552121 } from './1795240552121-Reports';
import { Outbox1795240566477 } from './1795240566477-Outbox';
import { Users1795240607613 } from './1795240607613-Users';
import { AuditLog1795240641606 } from './1795240641606-AuditLog';
import { OutboxPollOnly1795300000000 } from './1795300000000-OutboxPollOnly';
import { AnonymousReporterAudit1795310000000 } from './1795310000000-AnonymousReporterAudit';
import { KeysAsRows1795320000000 } from './1795320000000-KeysAsRows';
import { TeamKeys1795330000000 } from './1795330000000-TeamKeys';
import { Triage1795340000000 } from './1795340000000-Triage';
import { CaseRecords1795350000000 } from './1795350000000-CaseRecords';
import { CaseContent1795360000000 } from './1795360000000-CaseContent';
import { MessageReadMarks1795370000000 } from './1795370000000-MessageReadMarks';
import { SlotHolderUsers1795371000000 } from './1795371000000-SlotHolderUsers';
import { Referrals1795375000000 } from './1795375000000-Referrals';
import { TriageClaimFunction1795385000000 } from './1795385000000-TriageClaimFunction';
import { Retention1795390000000 } from './1795390000000-Retention';
import { StatsReleases1795400000000 } from './1795400000000-StatsReleases';
import { StatsPrivacyBudgets1795401000000 } from './1795401000000-StatsPrivacyBudgets';
import { CaseRetention1795402000000 } from './1795402000000-CaseRetention';
import { PartnerRevisions1795403000000 } from './1795403000000-PartnerRevisions';
import { Minimisation1795404000000 } from './1795404000000-Minimisation';
import { MinimisationAfterUse1795530000000 } from './1795530000000-MinimisationAfterUse';

/**
 * Every migration in order. A new migration (hand-written, or made with
 * `npm run migration:generate -- migrations/<Name>` and then reviewed) is added here.
 */
export const MIGRATIONS: (new (...args: never[]) => unknown)[] = [
  CaseKeySlots1763704800000,
  Forms1795240552120,
  Reports1795240552121,
  Outbox1795240566477,
  Users1795240607613,
  AuditLog1795240641606,
  OutboxPollOnly1795300000000,
  AnonymousReporterAudit1795310000000,
  KeysAsRows1795320000000,
  TeamKeys1795330000000,
  Triage1795340000000,
  CaseRecords1795350000000,
  CaseContent1795360000000,
  MessageReadMarks1795370000000,
  SlotHolderUsers1795371000000,
  Referrals1795375000000,
  TriageClaimFunction1795385000000,
  Retention1795390000000,
  StatsReleases1795400000000,
  StatsPrivacyBudgets1795401000000,
  CaseRetention1795402000000,
  PartnerRevisions1795403000000,
  Minimisation1795404000000,
  MinimisationAfterUse1795530000000,
];
