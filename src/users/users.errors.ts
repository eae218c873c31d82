import { defineErrors } from '../common/errors';

/** Account administration errors. */
export enum UsersErrorCode {
  USERNAME_TAKEN = 'USERNAME_TAKEN',
  /** The change would leave no enabled admin, or an admin would lock themselves out. */
  LAST_ADMIN = 'LAST_ADMIN',
  SELF_CHANGE_REFUSED = 'SELF_CHANGE_REFUSED',
  /** Admin combined with a role that reads case content. */
  ROLES_INCOMPATIBLE = 'ROLES_INCOMPATIBLE',
  /** A new password breaks the password rules (details name the rules). */
  PASSWORD_TOO_WEAK = 'PASSWORD_TOO_WEAK',
}

export const usersError = defineErrors<UsersErrorCode>({
  USERNAME_TAKEN: { status: 409, message: 'This username is already taken.' },
  LAST_ADMIN: { status: 409, message: 'This change would leave no enabled administrator.' },
  SELF_CHANGE_REFUSED: {
    status: 409,
    message: 'Administrators cannot disable, delete, demote or change the roles of their own account.',
  },
  ROLES_INCOMPATIBLE: {
    status: 400,
    message: 'The admin role cannot be combined with a role that reads case content.',
  },
  PASSWORD_TOO_WEAK: { status: 400, message: 'The new password does not meet the password rules.' },
});
