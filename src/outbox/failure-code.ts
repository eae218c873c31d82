/**
 * A short code for why a relay or reconcile step failed, safe to store and log: an errno or a
 * driver code when there is one, else the error's class name. Never the message, which may quote
 * values.
 */
export function failureCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[A-Za-z0-9_]{1,64}$/.test(code)) return code;
  const name = error instanceof Error ? error.name : 'Unknown';
  return /^[A-Za-z0-9_]{1,64}$/.test(name) ? name : 'Unknown';
}
