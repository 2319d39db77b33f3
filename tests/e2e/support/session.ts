import { afterAll, beforeAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startAppServer, type AppServer } from './app-server';
import { launchBrowser } from './browser';

/** One started app and one Chromium for a describe block; the getters work inside tests. */
export function appAndBrowser(extraEnv: Record<string, string> = {}): { readonly app: AppServer; readonly browser: Browser } {
  let app: AppServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    app = await startAppServer(extraEnv);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });
  return {
    get app() {
      return app!;
    },
    get browser() {
      return browser!;
    },
  };
}

export const PASSWORD = 'correct horse battery staple';

/** Fills the sign-up form the page is on and submits it. */
export async function fillSignUp(page: Page, name: string, email: string): Promise<void> {
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
}

/** A new person signs up and creates a team, ending on the team's dashboard. */
export async function signUpWithTeam(page: Page, baseUrl: string, person: { name: string; email: string; team: string }): Promise<void> {
  await page.goto(`${baseUrl}/sign-up`);
  await fillSignUp(page, person.name, person.email);
  await page.waitForURL(/\/teams$/);
  await page.getByLabel('Team name').fill(person.team);
  await page.getByRole('button', { name: 'Create team' }).click();
  await page.waitForURL(/\/t\/[a-z0-9-]+$/);
}

const UUID = '[0-9a-f-]{36}';

/** A new person signs up, adds the two-moons example in one click and freezes a split of it: on the split page. */
export async function newPersonWithSplit(browser: Browser, url: string, person: { name: string; email: string; team: string }): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await signUpWithTeam(page, url, person);
  await page.getByRole('navigation', { name: 'Team' }).getByRole('link', { name: 'Datasets' }).click();
  await page.getByRole('button', { name: 'Add Two moons' }).click();
  await page.waitForURL(new RegExp(`/datasets/${UUID}$`), { timeout: 30_000 });
  await page.getByLabel('Split name').fill('moons main');
  await page.getByRole('button', { name: 'Freeze split' }).click();
  await page.waitForURL(new RegExp(`/splits/${UUID}$`), { timeout: 30_000 });
  return page;
}
