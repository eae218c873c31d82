/** An X25519 (crypto_box) or Ed25519 (crypto_sign) key pair. */
export interface KeyPair {
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

/**
 * Where a ciphertext lives. All four parts go into the associated data, so a ciphertext copied
 * to another row, column, table or purpose fails to open. Non-empty, at most 1024 UTF-8 bytes each.
 */
export interface ContentLocation {
  /** What the content is for, e.g. 'report-answer', 'case-note', 'message'. */
  purpose: string;
  table: string;
  column: string;
  /** The row's primary key as text (e.g. a UUID). */
  rowId: string;
}
