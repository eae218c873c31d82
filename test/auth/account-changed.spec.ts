import { accountChangedSince } from '../../src/auth/account-changed';
import type { User } from '../../src/users/user.entity';

/** Only the fields the check reads; the rest of a row does not matter to it. */
function row(fields: Partial<Pick<User, 'disabled' | 'totpConfirmed' | 'wrappedPrivateKey'>> = {}): User {
  return {
    disabled: false,
    totpConfirmed: false,
    wrappedPrivateKey: Buffer.from('wrapped-key-1'),
    ...fields,
  } as User;
}

describe('accountChangedSince (voids a password check begun on an older row)', () => {
  it('is false for the same state, also when the key bytes are a different Buffer', () => {
    expect(accountChangedSince(row(), row())).toBe(false);
    expect(accountChangedSince(row({ totpConfirmed: true }), row({ totpConfirmed: true }))).toBe(false);
  });

  it('is true once the account is disabled', () => {
    expect(accountChangedSince(row(), row({ disabled: true }))).toBe(true);
  });

  it('is true when a second factor was confirmed, or removed, meanwhile', () => {
    expect(accountChangedSince(row(), row({ totpConfirmed: true }))).toBe(true);
    expect(accountChangedSince(row({ totpConfirmed: true }), row())).toBe(true);
  });

  it('is true when the keys were re-wrapped (a password change or an admin reset)', () => {
    expect(accountChangedSince(row(), row({ wrappedPrivateKey: Buffer.from('wrapped-key-2') }))).toBe(true);
  });
});
