import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import { getServerSession } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import GithubProvider from 'next-auth/providers/github';
import { z } from 'zod';
import { getDatabase } from '@/server/database';
import { loadServerEnv } from '@/server/env';
import { findOrCreateGithubUser } from '@/server/domain/accounts/accounts';
import { verifyCredentials } from '@/server/domain/accounts/sign-in';
import { isDomainError } from '@/server/domain/errors';
import { logServerError } from '@/server/log';

const credentialsInput = z.object({ email: z.string().trim().min(1), password: z.string().min(1) });

function buildAuthOptions(): NextAuthOptions {
  const env = loadServerEnv();
  const providers: NextAuthOptions['providers'] = [
    CredentialsProvider({
      name: 'Email and password',
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(raw) {
        const parsed = credentialsInput.safeParse(raw);
        if (!parsed.success) throw new Error('Enter your email and password.');
        try {
          const { db } = await getDatabase();
          const user = await verifyCredentials(db, parsed.data);
          return { id: user.id, email: user.email, name: user.name };
        } catch (error) {
          // next-auth passes a thrown message to the client as `error`: only user-safe ones.
          if (isDomainError(error)) throw new Error(error.userMessage);
          logServerError('sign-in', error);
          throw new Error('Sign-in failed on the server. Please try again.');
        }
      },
    }),
  ];
  if (env.github) {
    providers.push(GithubProvider({ clientId: env.github.clientId, clientSecret: env.github.clientSecret }));
  }
  return {
    secret: env.nextAuthSecret,
    session: { strategy: 'jwt', maxAge: 30 * 24 * 3600 },
    pages: { signIn: '/sign-in' },
    providers,
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== 'github') return true;
        const email = user.email ?? (profile as { email?: string } | undefined)?.email;
        if (!email) return '/sign-in?error=' + encodeURIComponent('Your GitHub account has no public, verified email.');
        const { db } = await getDatabase();
        const local = await findOrCreateGithubUser(db, {
          githubId: String(account.providerAccountId),
          email: email.toLowerCase(),
          name: user.name ?? email,
        });
        user.id = local.id;
        return true;
      },
      jwt({ token, user }) {
        if (user?.id) token.userId = user.id;
        return token;
      },
      session({ session, token }) {
        return { ...session, userId: typeof token.userId === 'string' ? token.userId : null };
      },
    },
  };
}

let cached: NextAuthOptions | undefined;
export function authOptions(): NextAuthOptions {
  cached ??= buildAuthOptions();
  return cached;
}

export async function currentUserId(): Promise<string | null> {
  const session = (await getServerSession(authOptions())) as { userId?: string | null } | null;
  return session?.userId ?? null;
}

export function githubSignInEnabled(): boolean {
  return loadServerEnv().github !== null;
}
