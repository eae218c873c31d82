import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Key } from './key.entity';
import { KeySlot } from './key-slot.entity';
import { KeysRepository } from './keys.repository';
import { KeysService } from './keys.service';

/** Keys and key slots, shared by intake (creates them), accounts (access, recovery) and cases. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([Key, KeySlot])],
  providers: [KeysRepository, KeysService],
  exports: [KeysService],
})
export class KeysModule {}
