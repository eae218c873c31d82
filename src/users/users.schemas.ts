import { z } from 'zod';
import { Role } from '../access/permissions';

const roles = z.array(z.enum(Role)).min(1).max(7);
const password = z.string().min(1).max(1024).meta({ format: 'password' });

export const createUserSchema = z.strictObject({
  username: z
    .string()
    .min(2)
    .max(63)
    .meta({ example: 'anna', description: 'Lower-case letters, digits, `.`, `_`, `-`; 2–63 characters.' }),
  roles,
  password: password.meta({ description: 'An initial password; the user should change it.' }),
});
export type CreateUserBody = z.output<typeof createUserSchema>;

export const updateUserSchema = z.strictObject({
  roles: roles.optional(),
  disabled: z
    .boolean()
    .optional()
    .meta({ description: 'Disabling ends the user’s sessions; enabling also lifts a lockout.' }),
});
export type UpdateUserBody = z.output<typeof updateUserSchema>;

export const resetPasswordSchema = z.strictObject({ password });
export type ResetPasswordBody = z.output<typeof resetPasswordSchema>;
