import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Key } from './key.entity';
import { KeySlot } from './key-slot.entity';
import { CaseAccessService } from './case-access.service';
import { KeysRepository } from './keys.repository';
import { KeysService } from './keys.service';
import { SessionsModule } from '../sessions/sessions.module';

/**
 * Keys and key slots, shared by intake (creates them), accounts (access, recovery) and cases, and
 * CaseAccessService, the one way from a caller's session to a case key.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Key, KeySlot]), SessionsModule],
  providers: [KeysRepository, KeysService, CaseAccessService],
  exports: [KeysService, CaseAccessService],
})
export class KeysModule {}
