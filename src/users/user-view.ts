import { z } from 'zod';
import { Role } from '../access/permissions';
import { User } from './user.entity';

/** An account as the API shows it: no key material, no TOTP secret. */
export const userViewSchema = z.object({
  id: z.string().meta({ format: 'uuid' }),
  username: z.string(),
  roles: z.array(z.enum(Role)),
  disabled: z.boolean(),
  totpEnrolled: z.boolean().meta({ description: 'Two-factor authentication is enrolled and confirmed.' }),
  locked: z.boolean().meta({ description: 'Sign-in is refused for now after repeated failures.' }),
  createdAt: z.string().meta({ format: 'date-time' }),
});
export type UserView = z.output<typeof userViewSchema>;

/** The columns a view is made of (a whole User, or the narrow row of UsersRepository.findViewById). */
export type UserViewFields = Pick<
  User,
  'id' | 'username' | 'roles' | 'disabled' | 'totpConfirmed' | 'lockedUntil' | 'createdAt'
>;

export function toUserView(user: UserViewFields, now: number): UserView {
  return {
    id: user.id,
    username: user.username,
    roles: user.roles,
    disabled: user.disabled,
    totpEnrolled: user.totpConfirmed,
    locked: user.lockedUntil !== null && user.lockedUntil.getTime() > now,
    createdAt: user.createdAt.toISOString(),
  };
}
