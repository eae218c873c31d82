import { CaseKeySlot } from '../keys/case-key-slot.entity';

/**
 * Every TypeORM entity, listed explicitly so that the app, the CLI, the migration generator and the
 * tests load the same set without globbing the file system.
 */
export const ENTITIES: (new (...args: never[]) => unknown)[] = [CaseKeySlot];
