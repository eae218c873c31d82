/** What a notification says: how many reports wait for a triager, and how many of them are urgent. */
export interface PendingCounts {
  pending: number;
  urgent: number;
}

/**
 * Where the counts come from. Owned here so that the feature owning the reports table can provide
 * it without notifications depending on that feature (which calls `pendingChanged()` back).
 */
export interface PendingCountsSource {
  countPending(): Promise<PendingCounts>;
}

export const PENDING_COUNTS = Symbol('PendingCountsSource');

/** The body sent, byte for byte: a version and the two counts, nothing else. */
export function notificationBody(counts: PendingCounts): string {
  for (const n of [counts.pending, counts.urgent])
    if (!Number.isSafeInteger(n) || n < 0) throw new Error('pending counts must be non-negative integers');
  return JSON.stringify({ version: 1, pending: counts.pending, urgent: counts.urgent });
}
