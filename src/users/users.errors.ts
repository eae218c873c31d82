import { defineErrors } from '../common/errors';

/** Account administration errors. */
export enum UsersErrorCode {
  USERNAME_TAKEN = 'USERNAME_TAKEN',
  /** The change would leave no enabled admin, or an admin would lock themselves out. */
  LAST_ADMIN = 'LAST_ADMIN',
  SELF_CHANGE_REFUSED = 'SELF_CHANGE_REFUSED',
}

export const usersError = defineErrors<UsersErrorCode>({
  USERNAME_TAKEN: { status: 409, message: 'This username is already taken.' },
  LAST_ADMIN: { status: 409, message: 'This change would leave no enabled administrator.' },
  SELF_CHANGE_REFUSED: {
    status: 409,
    message: 'Administrators cannot disable, delete or demote their own account.',
  },
});
