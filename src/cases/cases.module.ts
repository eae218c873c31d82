import { Module } from '@nestjs/common';
import { CASE_TEAM_HOLDERS, NoCoordinationTeamKey } from './case-key-holders';
import { CasesRepository } from './cases.repository';
import { CasesService } from './cases.service';

/**
 * Evacuation cases: for now their table, key and first status, created from triage decisions.
 * The teams feature replaces the CASE_TEAM_HOLDERS provider with the coordination team key.
 */
@Module({
  providers: [CasesRepository, CasesService, { provide: CASE_TEAM_HOLDERS, useClass: NoCoordinationTeamKey }],
  exports: [CasesService],
})
export class CasesModule {}
