import { CasesService } from '../../../src/cases/cases.service';
import { openKeySlotChecked, wipe } from '../../../src/crypto';
import { KeysService } from '../../../src/keys/keys.service';
import { ReportsService } from '../../../src/reports/reports.service';
import { UsersService } from '../../../src/users/users.service';
import type { INestApplicationContext } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { KeyPair } from '../../../src/crypto';
import type { TestApp } from '../test-app';
import { submitTriageReport, type TriageAnswers } from './triage.factory';

export interface NewCase {
  caseId: string;
  reportId: string;
}

/** What opening a case needs of a test: the HTTP test app and the service tier both have it. */
export interface CaseFactoryContext {
  app: Pick<INestApplicationContext, 'get'>;
  dataSource: DataSource;
  recovery: KeyPair | null;
}

/**
 * A case opened from an existing report as a triage decision opens one
 * (CasesService.openFromReport): the report's key is opened with the context's recovery key (as
 * only a test may), the case key gets slots for `openerId` (a triager, typically), the coordination
 * team key and the recovery key.
 */
export async function openCaseFrom(
  t: CaseFactoryContext,
  reportId: string,
  openerId: string,
): Promise<NewCase> {
  if (!t.recovery) throw new Error('opening a case needs the test’s recovery key');
  const report = (await t.app.get(ReportsService).findById(reportId))!;
  const slot = (await t.app.get(KeysService).recoverySlot(report.keyId))!;
  const reportKeys = openKeySlotChecked(
    new Uint8Array(slot.sealedKey),
    t.recovery,
    report.keyId,
    new Uint8Array(report.casePublicKey),
  );
  try {
    const opener = await t.app.get(UsersService).getOrNotFound(openerId);
    const row = await t.dataSource.transaction((manager) =>
      t.app.get(CasesService).openFromReport(
        manager,
        {
          reportId,
          reportKeyId: report.keyId,
          reportPrivateKey: reportKeys.privateKey,
          region: report.region,
        },
        {
          holderType: 'user',
          holderId: opener.id,
          holderKeyId: null,
          publicKey: new Uint8Array(opener.publicKey),
        },
      ),
    );
    return { caseId: row.id, reportId };
  } finally {
    wipe(reportKeys.privateKey);
  }
}

/** A case opened from a new report submitted over HTTP to `slug` (a triage form: createTriageForm). */
export async function newCase(
  t: TestApp,
  options: { slug: string; openerId: string; answers?: TriageAnswers },
): Promise<NewCase> {
  if (!t.recovery) throw new Error('newCase needs the test app’s recovery key');
  const reportId = await submitTriageReport(t, options.slug, options.answers);
  return openCaseFrom(t, reportId, options.openerId);
}
