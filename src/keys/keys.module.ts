import { Global, Module } from '@nestjs/common';
import { KeysRepository } from './keys.repository';
import { KeysService } from './keys.service';

/** Keys and key slots, shared by intake (creates them), accounts (access, recovery) and cases. */
@Global()
@Module({ providers: [KeysRepository, KeysService], exports: [KeysService] })
export class KeysModule {}
