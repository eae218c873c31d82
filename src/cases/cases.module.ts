import { Module } from '@nestjs/common';
import { KeysModule } from '../keys/keys.module';
import { TeamsModule } from '../teams/teams.module';
import { CASE_TEAM_HOLDERS } from './case-key-holders';
import { CasesRepository } from './cases.repository';
import { CaseTimelineSources } from './case-timeline-sources';
import { CasesService } from './cases.service';
import { CoordinationTeamHolders } from './coordination-team-holders';

/**
 * Evacuation cases: for now their table, key and first status, created from triage decisions;
 * every new case is sealed to the coordination team key.
 */
@Module({
  imports: [TeamsModule, KeysModule],
  providers: [
    CasesRepository,
    CasesService,
    CaseTimelineSources,
    { provide: CASE_TEAM_HOLDERS, useClass: CoordinationTeamHolders },
  ],
  exports: [CasesService, CaseTimelineSources],
})
export class CasesModule {}
