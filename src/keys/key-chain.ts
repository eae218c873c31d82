import { KeyPair, openKeySlotChecked, wipe } from '../crypto';
import type { SlotChain } from './keys.repository';

/**
 * The longest chain of key-held slots a reader follows after their own slot: user → current team
 * key → retired team key → case key → report key is three; one more leaves room for a case reached
 * through a retired coordination key. Rotation re-seals every retired team key straight to the
 * current one (see TeamsService), so chains do not grow with the number of rotations.
 */
export const MAX_KEY_HOPS = 4;

/**
 * Opens a chain of slots with the user's key pair and returns the key pair of `chain.keyIds[0]`
 * (the caller owns its private key). Every hop is checked against the stored public key of the key
 * it opens, so a slot forged by a database writer anywhere on the chain (sealed correctly, but
 * holding a key the forger knows) is refused instead of being followed. Throws CryptoError on any
 * hop that does not open; intermediate private keys are wiped.
 */
export function openSlotChain(chain: SlotChain, user: KeyPair): KeyPair {
  const top = chain.keyIds.length - 1;
  let holder = openKeySlotChecked(chain.userSlot, user, chain.keyIds[top], chain.publicKeys[top]);
  for (let i = top - 1; i >= 0; i--) {
    try {
      const next = openKeySlotChecked(chain.sealedKeys[i], holder, chain.keyIds[i], chain.publicKeys[i]);
      wipe(holder.privateKey);
      holder = next;
    } catch (error) {
      wipe(holder.privateKey);
      throw error;
    }
  }
  return holder;
}
