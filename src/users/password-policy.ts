import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type PasswordRule = 'min_length' | 'max_length' | 'common' | 'contains_username';

/** Above this, Argon2id input is refused by the crypto module anyway; long passphrases are fine. */
export const PASSWORD_MAX_LENGTH = 1024;

let commonPasswords: ReadonlySet<string> | undefined;

/** The shipped list (src/auth/common-passwords.txt), loaded once. */
function common(): ReadonlySet<string> {
  commonPasswords ??= new Set(
    readFileSync(join(__dirname, 'common-passwords.txt'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#')),
  );
  return commonPasswords;
}

/**
 * The rules a new password breaks (empty when it is acceptable): a minimum length, not one of the
 * common passwords (also with trailing digits and symbols stripped, which is how they are usually
 * "strengthened"), and not containing the username. Lengths count characters, not bytes.
 */
export function passwordProblems(password: string, username: string, minLength: number): PasswordRule[] {
  const problems: PasswordRule[] = [];
  const normalised = password.normalize('NFC');
  const length = [...normalised].length;
  if (length < minLength) problems.push('min_length');
  if (length > PASSWORD_MAX_LENGTH) problems.push('max_length');
  const lower = normalised.toLowerCase();
  const stripped = lower.replace(/[\d\W_]+$/u, '');
  const list = common();
  if (list.has(lower) || list.has(stripped) || list.has(lower.replace(/\s+/g, ''))) problems.push('common');
  if (username.length >= 3 && lower.includes(username.toLowerCase())) problems.push('contains_username');
  return problems;
}
