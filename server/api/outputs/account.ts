import 'server-only';
import { z } from 'zod';
import { okSchema } from './common';

const userSchema = z.object({ id: z.string(), email: z.string(), name: z.string(), isInstanceAdmin: z.boolean() });

/** What each `account.*` procedure returns: the shape that leaves the server, checked on the way out. */
export const accountOutput = {
  signUp: z.object({ id: z.string(), email: z.string(), name: z.string() }),
  me: userSchema,
  updateProfile: userSchema,
  changePassword: okSchema,
  signOutOthers: okSchema,
};
