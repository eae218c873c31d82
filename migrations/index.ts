import { CaseKeySlots1763704800000 } from './1763704800000-CaseKeySlots';

/**
 * Every migration in order. A new migration (hand-written, or made with
 * `npm run migration:generate -- migrations/<Name>` and then reviewed) is added here.
 */
export const MIGRATIONS: (new (...args: never[]) => unknown)[] = [CaseKeySlots1763704800000];
