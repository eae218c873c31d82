import type { FormDefinition } from '../forms/form-definition';

/** Claim order: urgent first, then raised, then normal; within one, the oldest first. */
export enum TriagePriority {
  NORMAL = 0,
  RAISED = 1,
  URGENT = 2,
}

export const PRIORITY_NAMES: Record<TriagePriority, 'normal' | 'raised' | 'urgent'> = {
  [TriagePriority.NORMAL]: 'normal',
  [TriagePriority.RAISED]: 'raised',
  [TriagePriority.URGENT]: 'urgent',
};

const DEFAULT_WEIGHT = 100;
const URGENT_SCORE = 100;

/**
 * A report's priority from its urgency flags (the statistical fields whose answer the form marks
 * urgent: detained now, in danger now, wants evacuation) weighed by the form's `urgencyWeight`s:
 * 100 or more in all is urgent, anything less raised, no flag normal. A flag the definition no
 * longer knows counts at the default weight (it was urgent when submitted).
 */
export function triagePriority(
  definition: FormDefinition | null,
  urgencyFlags: readonly string[],
): TriagePriority {
  if (urgencyFlags.length === 0) return TriagePriority.NORMAL;
  const weights = new Map(definition?.fields.map((f) => [f.key, f.urgencyWeight ?? DEFAULT_WEIGHT]) ?? []);
  const score = urgencyFlags.reduce((sum, key) => sum + (weights.get(key) ?? DEFAULT_WEIGHT), 0);
  return score >= URGENT_SCORE ? TriagePriority.URGENT : TriagePriority.RAISED;
}
