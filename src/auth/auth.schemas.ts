import { z } from 'zod';
import { userViewSchema } from '../users/user-view';

const password = z.string().min(1).max(1024).meta({ format: 'password' });

export const loginSchema = z.strictObject({
  username: z.string().min(1).max(200).meta({ example: 'anna' }),
  password,
  totp: z
    .string()
    .max(16)
    .optional()
    .meta({ description: 'The current 6-digit code; required once TOTP is enrolled.' }),
});
export type LoginBody = z.output<typeof loginSchema>;

export const sessionUserViewSchema = userViewSchema.extend({
  enrolmentOnly: z.boolean().meta({
    description:
      'The session may only enrol TOTP (TOTP is required and not yet enrolled): /auth/me, /auth/logout and /auth/totp/* only.',
  }),
});
export type SessionUserView = z.output<typeof sessionUserViewSchema>;

export const loginResponseSchema = z.object({
  token: z
    .string()
    .meta({ description: 'The session token (shown once; send as `Authorization: Bearer <token>`).' }),
  expiresAt: z.string().meta({ format: 'date-time', description: 'When the session ends if idle.' }),
  user: sessionUserViewSchema,
});
export type LoginResponse = z.output<typeof loginResponseSchema>;

export const totpEnrolResponseSchema = z.object({
  otpauthUri: z
    .string()
    .meta({ description: 'An otpauth:// URI to scan into an authenticator app (shown once).' }),
});
export type TotpEnrolResponse = z.output<typeof totpEnrolResponseSchema>;

export const totpConfirmSchema = z.strictObject({
  totp: z
    .string()
    .regex(/^\d{6}$/)
    .meta({ example: '123456' }),
});
export type TotpConfirmBody = z.output<typeof totpConfirmSchema>;

export const changePasswordSchema = z.strictObject({ currentPassword: password, newPassword: password });
export type ChangePasswordBody = z.output<typeof changePasswordSchema>;

export const lockdownResponseSchema = z.object({
  sessionsEnded: z
    .number()
    .int()
    .meta({ description: 'Sessions ended (every session, the caller’s included).' }),
});
export type LockdownResponse = z.output<typeof lockdownResponseSchema>;
