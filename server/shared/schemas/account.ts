import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '@/server/shared/auth/password-policy';

/** Input schemas shared by the API and the forms, so inline errors match the server's. */
export const emailSchema = z
  .string()
  .trim()
  .min(1, 'Enter your email address')
  .max(254, 'Email addresses are at most 254 characters')
  .pipe(z.email('Enter a valid email address, such as ada@example.com'))
  .transform((email) => email.toLowerCase());

export const newPasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(200, 'Passwords are at most 200 characters');

export const displayNameSchema = z
  .string()
  .trim()
  .min(1, 'Enter your name')
  .max(80, 'Names are at most 80 characters');

export const signUpInput = z.object({
  email: emailSchema,
  name: displayNameSchema,
  password: newPasswordSchema,
});

export const changePasswordInput = z.object({
  currentPassword: z.string().min(1, 'Enter your current password'),
  newPassword: newPasswordSchema,
});
