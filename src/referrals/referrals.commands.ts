import { readFile } from 'node:fs/promises';
import { readSecretLine } from '../common/cli/read-secret';
import type { CliCommand } from '../common/cli/command';
import {
  fromBase64Url,
  generateUserKeyPair,
  initCrypto,
  isCryptoError,
  keyPairFromPrivateKey,
  toBase64Url,
  wipe,
} from '../crypto';
import { openReferralPackage, ReferralPackageError } from './referral-package';

/*
 * The partner's side, offline: no database, no server secrets. `referrals:keygen` makes the key
 * pair a partner registers (the public half) and keeps (the private half); `referrals:open` opens a
 * package with that private key, read from stdin (never a flag: shell history, process lists).
 */

export const referralsKeygenCommand: CliCommand = {
  name: 'referrals:keygen',
  summary:
    'For a partner organisation: a new X25519 key pair (register the public key, keep the private one offline).',
  allowMissingSecrets: true,
  async run({ out }) {
    await initCrypto();
    const pair = generateUserKeyPair();
    try {
      out(`public key:  ${toBase64Url(pair.publicKey)}`);
      out(`private key: ${toBase64Url(pair.privateKey)}`);
      return 0;
    } finally {
      wipe(pair.privateKey);
    }
  },
};

export const referralsOpenCommand: CliCommand = {
  name: 'referrals:open',
  summary:
    "For a partner organisation: open a referral package and print its fields (the partner's private key on stdin).",
  usage: 'referrals:open <package.json>   (the partner private key, base64url, is read from stdin)',
  allowMissingSecrets: true,
  async run({ args, out, err, stdin }) {
    if (!args[0]) {
      err('usage: referrals:open <package.json>');
      return 2;
    }
    let text: string;
    try {
      text = await readFile(args[0], 'utf8');
    } catch {
      err(`cannot read ${args[0]}`);
      return 2;
    }
    await initCrypto();
    let privateKey: Uint8Array | undefined;
    try {
      privateKey = fromBase64Url((await readSecretLine(stdin, 'Partner private key: ', err)).trim());
      if (privateKey.length !== 32)
        throw new ReferralPackageError('the private key must be 32 bytes of base64url');
      const partner = keyPairFromPrivateKey(privateKey);
      try {
        out(JSON.stringify(openReferralPackage(text, partner), null, 2));
        return 0;
      } finally {
        wipe(partner.privateKey);
      }
    } catch (error) {
      if (error instanceof ReferralPackageError) err(error.message);
      else if (isCryptoError(error))
        err(
          error.code === 'DECRYPT_FAILED'
            ? 'the package does not open with this key (another partner’s, or altered)'
            : `not a usable key or package: ${error.message}`,
        );
      else throw error;
      return 1;
    } finally {
      wipe(privateKey);
    }
  },
};
