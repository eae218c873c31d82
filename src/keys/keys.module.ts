import { Global, Module } from '@nestjs/common';
import { CaseKeySlotRepository } from './case-key-slot.repository';

/** Key-slot storage, shared by intake (creates slots), accounts (access, recovery) and cases. */
@Global()
@Module({ providers: [CaseKeySlotRepository], exports: [CaseKeySlotRepository] })
export class KeysModule {}
