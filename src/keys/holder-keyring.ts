import { KeyPair, isCryptoError, openKeySlotChecked, wipe } from '../crypto';

/** A slot as a list query returns it next to the row it protects: held by the caller or by a key. */
export interface HeldSlot {
  holderType: 'user' | 'key';
  /** The holding key (holder type `key`), one of the keyring's `holderKeyIds`. */
  holderKeyId: string | null;
  sealedKey: Uint8Array;
}

/**
 * The keys a caller holds for one request: their own key pair and the team keys they reach (see
 * CaseAccessService.withKeyring). Opens many slots — a page of cases — without a chain query per
 * row; every slot opened is checked against the stored public key of the key it yields.
 */
export class HolderKeyring {
  constructor(
    readonly userId: string,
    private readonly user: KeyPair,
    private readonly held: ReadonlyMap<string, KeyPair>,
  ) {}

  /** The keys (by id) whose slots this keyring opens besides the caller's own. */
  get holderKeyIds(): string[] {
    return [...this.held.keys()];
  }

  /**
   * Opens `slot`, the private key of `keyId`, which must yield `publicKey`. Null when it does not
   * open (a slot sealed to an older user key, a forged one, a holder not on this keyring). The
   * caller owns the returned private key.
   */
  open(slot: HeldSlot, keyId: string, publicKey: Uint8Array): KeyPair | null {
    const holder = slot.holderType === 'user' ? this.user : this.held.get(slot.holderKeyId ?? '');
    if (!holder) return null;
    try {
      return openKeySlotChecked(slot.sealedKey, holder, keyId, publicKey);
    } catch (error) {
      if (isCryptoError(error)) return null;
      throw error;
    }
  }

  wipe(): void {
    wipe(this.user.privateKey, ...[...this.held.values()].map((k) => k.privateKey));
  }
}
