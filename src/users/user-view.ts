import { ApiProperty } from '@nestjs/swagger';
import { Role } from '../access/permissions';
import { User } from './user.entity';

/** An account as the API shows it: no key material, no TOTP secret. */
export class UserView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  username: string;

  @ApiProperty({ enum: Role, isArray: true })
  roles: Role[];

  @ApiProperty()
  disabled: boolean;

  @ApiProperty({ description: 'Two-factor authentication is enrolled and confirmed.' })
  totpEnrolled: boolean;

  @ApiProperty({ description: 'Sign-in is refused for now after repeated failures.' })
  locked: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;
}

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
