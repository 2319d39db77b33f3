import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import { getServerSession } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import GithubProvider from 'next-auth/providers/github';
import { z } from 'zod';
import { webServices } from '@/server/shared/web-services';
import { loadServerEnv } from '@/server/shared/env';
import { findOrCreateGithubUser } from '@/server/domain/accounts/accounts';
import { verifyCredentials } from '@/server/domain/accounts/sign-in';
import { isSessionActive, openSession, revokeSession, SESSION_MAX_AGE_SECONDS } from '@/server/domain/accounts/sessions';
import { publicCpuGuard } from '@/server/domain/accounts/public-cpu-guard';
import { sameOriginRedirect } from './redirects';
import { isDomainError } from '@/server/shared/errors';
import { logServerError } from '@/server/shared/log';

const credentialsInput = z.object({ email: z.string().trim().min(1), password: z.string().min(1) });

function buildAuthOptions(): NextAuthOptions {
  const env = loadServerEnv();
  if (!env.nextAuthSecret) {
    throw new Error(`No session secret: set NEXTAUTH_SECRET, or start Holdout with npm start, which generates one into ${env.dataDir}.`);
  }
  // next-auth v4 reads these two from process.env itself (origin detection, the JWT secret).
  process.env.NEXTAUTH_URL = env.nextAuthUrl;
  process.env.NEXTAUTH_SECRET = env.nextAuthSecret;
  const providers: NextAuthOptions['providers'] = [
    CredentialsProvider({
      name: 'Email and password',
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(raw) {
        const parsed = credentialsInput.safeParse(raw);
        if (!parsed.success) throw new Error('Enter your email and password.');
        try {
          const { db, blobs } = await webServices();
          const user = await verifyCredentials(db, parsed.data, new Date(), publicCpuGuard);
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
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: '/sign-in' },
    providers,
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== 'github') return true;
        const email = user.email ?? (profile as { email?: string } | undefined)?.email;
        if (!email) return '/sign-in?error=' + encodeURIComponent('Your GitHub account has no public, verified email.');
        const { db, blobs } = await webServices();
        const local = await findOrCreateGithubUser(db, {
          githubId: String(account.providerAccountId),
          email: email.toLowerCase(),
          name: user.name ?? email,
        });
        user.id = local.id;
        return true;
      },
      // Runs on sign-in (with `user`) and on every request that reads the session: the cookie is
      // honoured only while its server-side session row is active (sessions.ts).
      async jwt({ token, user }) {
        const { db, blobs } = await webServices();
        if (user?.id) return { ...token, userId: user.id, sid: await openSession(db, user.id) };
        if (typeof token.userId !== 'string' || typeof token.sid !== 'string') return {};
        return (await isSessionActive(db, token.sid, token.userId)) ? token : {};
      },
      session({ session, token }) {
        const signedIn = typeof token.userId === 'string' && typeof token.sid === 'string';
        return { ...session, userId: signedIn ? token.userId : null, sessionId: signedIn ? token.sid : null };
      },
      redirect({ url, baseUrl }) {
        return sameOriginRedirect(url, baseUrl);
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid !== 'string') return;
        const { db, blobs } = await webServices();
        await revokeSession(db, token.sid);
      },
    },
  };
}

let cached: NextAuthOptions | undefined;
export function authOptions(): NextAuthOptions {
  cached ??= buildAuthOptions();
  return cached;
}

export async function currentSession(): Promise<{ userId: string; sessionId: string } | null> {
  const session = (await getServerSession(authOptions())) as { userId?: string | null; sessionId?: string | null } | null;
  return session?.userId && session.sessionId ? { userId: session.userId, sessionId: session.sessionId } : null;
}

export async function currentUserId(): Promise<string | null> {
  return (await currentSession())?.userId ?? null;
}

export function githubSignInEnabled(): boolean {
  return loadServerEnv().github !== null;
}
