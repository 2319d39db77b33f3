import { describe, expect, it } from 'vitest';
import { appAndBrowser, PASSWORD } from './support/session';

/**
 * The web boundary of issue 11, against the real app (next-auth, the tRPC route, the upload
 * route) over HTTP as an attacker would send it, and in Chromium where a browser decides.
 */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at);
      const value = pair!.slice(at + 1);
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  copy(): CookieJar {
    const jar = new CookieJar();
    for (const [k, v] of this.cookies) jar.cookies.set(k, v);
    return jar;
  }
}

describe('the web boundary, tried as an attacker would', () => {
  const ctx = appAndBrowser();
  const email = `boundary-${Date.now()}@example.com`;

  async function trpc(path: string, jar: CookieJar | null, input: unknown, init: { origin?: string | null; method?: 'GET' | 'POST' } = {}) {
    const method = init.method ?? 'POST';
    const body = JSON.stringify({ json: input });
    const url = method === 'GET' ? `${ctx.app.url}/api/trpc/${path}?input=${encodeURIComponent(body)}` : `${ctx.app.url}/api/trpc/${path}`;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (jar) headers.cookie = jar.header();
    const origin = init.origin === undefined ? ctx.app.url : init.origin;
    if (origin) headers.origin = origin;
    return fetch(url, { method, headers, body: method === 'GET' ? undefined : body });
  }

  async function signIn(password = PASSWORD): Promise<CookieJar> {
    const jar = new CookieJar();
    const csrf = await fetch(`${ctx.app.url}/api/auth/csrf`);
    jar.take(csrf);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const response = await fetch(`${ctx.app.url}/api/auth/callback/credentials`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
      body: new URLSearchParams({ csrfToken, email, password, json: 'true', callbackUrl: '/teams' }),
    });
    jar.take(response);
    expect(jar.header()).toContain('next-auth.session-token');
    return jar;
  }

  const me = async (jar: CookieJar) => (await trpc('account.me', jar, null, { method: 'GET' })).status;

  it('ends other sessions on a password change and refuses a token replayed after sign-out', async () => {
    expect((await trpc('account.signUp', null, { email, name: 'Boundary', password: PASSWORD })).status).toBe(200);
    const laptop = await signIn();
    const stolen = await signIn();
    expect([await me(laptop), await me(stolen)]).toEqual([200, 200]);

    const changed = await trpc('account.changePassword', laptop, { currentPassword: PASSWORD, newPassword: `${PASSWORD} 2` });
    expect(changed.status).toBe(200);
    expect(await me(stolen)).toBe(401);
    expect(await me(laptop)).toBe(200);

    const replay = laptop.copy();
    const csrf = await fetch(`${ctx.app.url}/api/auth/csrf`, { headers: { cookie: laptop.header() } });
    laptop.take(csrf);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const out = await fetch(`${ctx.app.url}/api/auth/signout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: laptop.header() },
      body: new URLSearchParams({ csrfToken, json: 'true' }),
    });
    expect(out.status).toBeLessThan(400);
    // The old cookie, sent again as an attacker who copied it would: signed out for good.
    expect(await me(replay)).toBe(401);
  });

  it('refuses state changes from another origin of the same site, and oversized or over-batched calls', async () => {
    const jar = await signIn(`${PASSWORD} 2`);
    const foreign = 'http://localhost:3399';
    const team = await trpc('team.create', jar, { name: 'Boundary', slug: `boundary-${Date.now()}` }, { origin: foreign });
    expect(team.status).toBe(403);
    const created = await trpc('team.create', jar, { name: 'Boundary', slug: `boundary-${Date.now()}` });
    expect(created.status).toBe(200);
    const teamId = ((await created.json()) as { result: { data: { json: { id: string } } } }).result.data.json.id;

    const upload = (origin: string) =>
      fetch(`${ctx.app.url}/api/teams/${teamId}/uploads`, { method: 'POST', headers: { cookie: jar.header(), origin, 'x-file-name': 'x.csv', 'content-type': 'text/csv' }, body: 'a,b\n1,2\n3,4\n' });
    const refused = await upload(foreign);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(foreign);
    expect((await upload(ctx.app.url)).status).toBe(201);

    const batch = Array.from({ length: 21 }, () => 'account.me').join(',');
    const batched = await fetch(`${ctx.app.url}/api/trpc/${batch}?batch=1&input=${encodeURIComponent('{}')}`, { headers: { cookie: jar.header() } });
    expect(batched.status).toBe(400);
    const big = await fetch(`${ctx.app.url}/api/trpc/account.signUp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ctx.app.url },
      body: JSON.stringify({ json: { email: 'big@example.com', name: 'x'.repeat(2 * 1024 * 1024), password: PASSWORD } }),
    });
    expect(big.status).toBe(413);
  });

  it('sends headers that forbid framing and sniffing, with a content security policy the pages pass', async () => {
    const response = await fetch(`${ctx.app.url}/sign-in`);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");

    const page = await ctx.browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/.test(message.text())) violations.push(message.text());
    });
    // A crafted sign-in link whose callback a browser would read as another host.
    await page.goto(`${ctx.app.url}/sign-in?callbackUrl=${encodeURIComponent('/\\127.0.0.1:3399/x')}`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(`${PASSWORD} 2`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Home: the person's team when they have exactly one, else the list of teams.
    await page.waitForURL((url) => url.pathname === '/teams' || url.pathname.startsWith('/t/') || url.origin !== ctx.app.url, { timeout: 30_000 });
    expect(new URL(page.url()).origin).toBe(ctx.app.url);
    await page.getByRole('heading').first().waitFor();
    expect(violations).toEqual([]);
    await page.close();
  });
});
