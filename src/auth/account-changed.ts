import type { User } from '../users/user.entity';

/**
 * Whether an account changed in a way that voids a password check begun on `before`: it was
 * disabled, given a second factor, or given new keys (a password change or an admin reset, whose
 * point is that the old private key opens nothing new).
 */
export function accountChangedSince(before: User, current: User): boolean {
  return (
    current.disabled ||
    current.totpConfirmed !== before.totpConfirmed ||
    !current.wrappedPrivateKey.equals(before.wrappedPrivateKey)
  );
}
