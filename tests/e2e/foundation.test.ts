import { describe, expect, it } from 'vitest';
import { appAndBrowser, fillSignUp, PASSWORD } from './support/session';

describe('a new team, as its people would click it', () => {
  const env = appAndBrowser();

  it('sign up, create a team, invite a teammate, downgrade them to viewer', async () => {
    const ada = await (await env.browser.newContext()).newPage();
    await ada.goto(`${env.app.url}/`);
    await ada.waitForURL(/\/sign-in/);
    await ada.getByRole('link', { name: 'Create an account' }).click();
    // Only the very first account is told it becomes the administrator.
    await ada.getByText('This is a new Holdout: the first account becomes its administrator.').waitFor();

    // Inline validation before anything is sent.
    await ada.getByLabel('Name').fill('Ada');
    await ada.getByLabel('Email').fill('not-an-email');
    await ada.getByLabel('Password').fill('short');
    await ada.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => ada.getByText('Enter a valid email address').isVisible()).toBe(true);
    await ada.getByText('Use at least 10 characters').waitFor();

    await fillSignUp(ada, 'Ada Lovelace', 'ada@example.com');
    await ada.waitForURL(/\/teams$/);
    await ada.getByLabel('Team name').fill('Vision Lab');
    expect(await ada.getByLabel('Team URL').inputValue()).toBe('vision-lab');
    await ada.getByRole('button', { name: 'Create team' }).click();
    await ada.waitForURL(/\/t\/vision-lab$/);
    await ada.getByRole('heading', { name: 'Where to start' }).waitFor();

    await ada.getByRole('link', { name: 'Settings' }).click();
    await ada.getByLabel('Role', { exact: true }).selectOption('member');
    await ada.getByRole('button', { name: 'Create invite link' }).click();
    const link = await ada.getByLabel('Invite link', { exact: true }).inputValue();
    expect(link).toMatch(new RegExp(`^${env.app.url}/invite/[\\w-]{20,}$`));

    const bobContext = await env.browser.newContext();
    const bob = await bobContext.newPage();
    await bob.goto(link);
    await bob.getByRole('heading', { name: 'Join Vision Lab' }).waitFor();
    await bob.getByText('Ada Lovelace invited you').waitFor();
    await bob.getByRole('link', { name: 'Create an account to join' }).click();
    await bob.getByLabel('Name').waitFor();
    expect(await bob.getByText(/first account becomes/).count()).toBe(0);
    await fillSignUp(bob, 'Bob Noyce', 'bob@example.com');
    await bob.waitForURL(/\/invite\//);
    await bob.getByRole('button', { name: 'Join Vision Lab' }).click();
    await bob.waitForURL(/\/t\/vision-lab$/);
    await expect.poll(() => bob.getByText('You are member').isVisible()).toBe(true);

    await ada.reload();
    await ada.getByLabel('Role of Bob Noyce').selectOption('viewer');
    await expect.poll(() => ada.getByText('changed Bob Noyce’s role from member to viewer').isVisible(), { timeout: 10_000 }).toBe(true);

    await bob.reload();
    await expect.poll(() => bob.getByText('You are viewer').isVisible()).toBe(true);
    await bob.getByText('You are a viewer in this team').waitFor();
    await bob.getByRole('link', { name: 'Settings' }).click();
    await bob.getByRole('heading', { name: 'Members' }).waitFor();
    expect(await bob.getByRole('button', { name: 'Create invite link' }).count()).toBe(0);
    // And the server agrees, whatever the UI shows.
    const status = await bob.evaluate(async () => {
      const teams = await fetch('/api/trpc/team.list').then((r) => r.json());
      const teamId = teams.result.data.json[0].id;
      const response = await fetch('/api/trpc/team.rename', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ json: { teamId, name: 'Taken over' } }),
      });
      return { status: response.status, body: await response.json() };
    });
    expect(status.status).toBe(403);
    expect(status.body.error.json.message).toMatch(/Viewers can't rename the team/);

    // Signing in again lands in Ada's team, not on a list of one.
    const again = await (await env.browser.newContext()).newPage();
    await again.goto(`${env.app.url}/sign-in`);
    await again.getByLabel('Email').fill('ada@example.com');
    await again.getByLabel('Password').fill(PASSWORD);
    await again.getByRole('button', { name: 'Sign in' }).click();
    await again.waitForURL(/\/t\/vision-lab$/);

    console.log(`[e2e] app start to ready: ${env.app.startupMs} ms`);
  });
});
