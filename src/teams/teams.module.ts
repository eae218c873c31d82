import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { KeysModule } from '../keys/keys.module';
import { UsersModule } from '../users/users.module';
import { RecipientsCache } from './recipients-cache';
import { RecipientsService } from './recipients.service';
import { TeamKeyRow } from './team-key.entity';
import { TeamsController } from './teams.controller';
import { TeamsRepository } from './teams.repository';
import { TeamsService } from './teams.service';

/** The triage and coordination teams: their keys, members and pending members. */
@Module({
  imports: [TypeOrmModule.forFeature([TeamKeyRow]), AuditModule, KeysModule, UsersModule],
  controllers: [TeamsController],
  providers: [TeamsRepository, TeamsService, RecipientsCache, RecipientsService],
  exports: [TeamsService, RecipientsService],
})
export class TeamsModule {}
