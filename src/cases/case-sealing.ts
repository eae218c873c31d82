import { ContentLocation, KeyPair, isCryptoError, openFromCaseAsString, sealToCase } from '../crypto';

/** Seals a JSON value to a case's public key at `location` (padded; see SECURITY.md). */
export function sealJson(publicKey: Uint8Array, value: unknown, location: ContentLocation): Uint8Array {
  return sealToCase(publicKey, JSON.stringify(value), location);
}

/**
 * Opens a JSON value sealed at `location`; null when it does not open (tampered, moved to another
 * row, sealed to another key) or is not JSON — named as unreadable by the caller, never hidden.
 */
export function openJson<T>(keys: KeyPair, envelope: Uint8Array, location: ContentLocation): T | null {
  try {
    return JSON.parse(openFromCaseAsString(keys, envelope, location)) as T;
  } catch (error) {
    if (isCryptoError(error) || error instanceof SyntaxError) return null;
    throw error;
  }
}
