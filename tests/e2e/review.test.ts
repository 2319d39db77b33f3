import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appAndBrowser, fillSignUp, signUpWithTeam } from './support/session';

const UUID = '[0-9a-f-]{36}';

/** Waits until `text` shows inside the region named `region` (no reload: the page stays as it is). */
async function seen(page: Page, region: string, text: string | RegExp, timeout = 20_000): Promise<void> {
  await expect.poll(() => page.getByRole('region', { name: region }).getByText(text).first().isVisible(), { timeout, message: `${region}: ${text}` }).toBe(true);
}

describe('reviewing a teammate’s run, as two people would click it', () => {
  const env = appAndBrowser();

  it('ready for review, a mention, changes requested, an answer, an approval — live on the feed and the dashboard', async () => {
    const adaContext = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const ada = await adaContext.newPage();
    await signUpWithTeam(ada, env.app.url, { name: 'Ada Lovelace', email: 'ada@example.com', team: 'Review Lab' });
    const teamUrl = ada.url();

    // Ada invites Bob as a member through the settings invite link.
    await ada.getByRole('navigation', { name: 'Team' }).getByRole('link', { name: 'Settings' }).click();
    await ada.getByLabel('Role', { exact: true }).selectOption('member');
    await ada.getByRole('button', { name: 'Create invite link' }).click();
    const link = await ada.getByLabel('Invite link', { exact: true }).inputValue();
    const bobContext = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const bob = await bobContext.newPage();
    await bob.goto(link);
    await bob.getByRole('link', { name: 'Create an account to join' }).click();
    await fillSignUp(bob, 'Bob Noyce', 'bob@example.com');
    await bob.waitForURL(/\/invite\//);
    await bob.getByRole('button', { name: 'Join Review Lab' }).click();
    await bob.waitForURL(/\/t\/review-lab$/);

    // Two moons, a frozen split, a short run.
    const nav = ada.getByRole('navigation', { name: 'Team' });
    await nav.getByRole('link', { name: 'Datasets' }).click();
    await ada.getByRole('button', { name: 'Add Two moons' }).click();
    await ada.waitForURL(new RegExp(`/datasets/${UUID}$`), { timeout: 30_000 });
    await ada.getByLabel('Split name').fill('moons main');
    await ada.getByRole('button', { name: 'Freeze split' }).click();
    await ada.waitForURL(new RegExp(`/splits/${UUID}$`), { timeout: 30_000 });
    await ada.goto(`${ada.url()}/launch`);
    await ada.getByRole('heading', { name: 'Launch a run' }).waitFor();
    await ada.getByLabel('Epochs').fill('20');
    await ada.getByRole('button', { name: 'Launch run' }).click();
    await ada.waitForURL(new RegExp(`/runs/${UUID}$`), { timeout: 30_000 });
    const runUrl = ada.url();

    // Ada keeps her dashboard and the activity feed open in two more tabs, never reloaded.
    const dashboard = await adaContext.newPage();
    await dashboard.goto(teamUrl);
    await dashboard.getByRole('region', { name: 'Recent activity' }).waitFor();
    const feed = await adaContext.newPage();
    await feed.goto(`${teamUrl}/activity`);
    await feed.getByRole('region', { name: 'Activity' }).getByText('Ada Lovelace launched run #1').waitFor();
    for (const page of [dashboard, feed]) await page.evaluate(() => ((window as unknown as { __kept: boolean }).__kept = true));

    await ada.getByText('succeeded', { exact: true }).first().waitFor({ timeout: 180_000 });
    await seen(dashboard, 'Recent activity', /Ada Lovelace’s run #1 finished/);
    await seen(feed, 'Activity', /Ada Lovelace’s run #1 finished/);
    await seen(dashboard, 'Best dev score', 'moons main');

    // Ada asks for review and mentions Bob, picking him from the autocomplete.
    await ada.getByRole('button', { name: 'Mark ready for review' }).click();
    await ada.getByRole('button', { name: 'Withdraw review request' }).waitFor();
    const comment = ada.getByLabel('Comment', { exact: true });
    await comment.click();
    await comment.pressSequentially('Is the learning rate too high? @bo');
    await ada.getByRole('option', { name: /Bob Noyce/ }).click();
    await comment.pressSequentially('please have a look.');
    expect(await comment.inputValue()).toBe('Is the learning rate too high? @bob.noyce please have a look.');
    await ada.getByRole('button', { name: 'Comment', exact: true }).click();
    await ada.getByRole('list', { name: 'Comments' }).getByText('please have a look.').waitFor();
    await seen(feed, 'Activity', 'Ada Lovelace asked for review of run #1');
    await seen(feed, 'Activity', 'Ada Lovelace commented on run #1');
    await seen(dashboard, 'Recent activity', 'Ada Lovelace commented on run #1');

    // Bob sees the bell count go up without reloading, and opens the run from the mention.
    await expect.poll(() => bob.getByRole('button', { name: 'Notifications, 2 unread' }).isVisible(), { timeout: 20_000 }).toBe(true);
    await bob.getByRole('button', { name: /^Notifications/ }).click();
    await bob.getByRole('dialog', { name: 'Notifications' }).getByRole('link', { name: /Ada Lovelace mentioned you on run #1/ }).click();
    await bob.waitForURL(runUrl);
    expect(await bob.getByRole('button', { name: 'Mark ready for review' }).count()).toBe(0);
    await expect.poll(() => bob.getByRole('button', { name: 'Notifications, 1 unread' }).isVisible(), { timeout: 15_000 }).toBe(true);

    // Requesting changes needs a comment.
    await bob.getByRole('button', { name: 'Request changes' }).click();
    await bob.getByText('Say what should change: requesting changes needs a comment.').waitFor();
    await bob.getByLabel('Your review').fill('Try **3e-4** and compare dev loss.');
    await bob.getByRole('button', { name: 'Request changes' }).click();
    await bob.getByRole('list', { name: 'Verdicts' }).getByText('Bob Noyce requested changes').waitFor();
    await seen(feed, 'Activity', 'Bob Noyce requested changes on run #1');
    await seen(dashboard, 'Recent activity', 'Bob Noyce requested changes on run #1');

    // Ada's run page shows the review live, and she answers in its thread.
    await ada.getByRole('list', { name: 'Verdicts' }).getByText('Bob Noyce requested changes').waitFor({ timeout: 20_000 });
    const thread = ada.getByRole('list', { name: 'Comments' }).locator(':scope > li').filter({ hasText: 'compare dev loss' });
    await thread.getByRole('button', { name: 'Reply' }).click();
    await thread.getByLabel('Reply').fill('Done: 3e-4 is queued as the next run.');
    await thread.getByRole('button', { name: 'Reply' }).click();
    await thread.getByText('Done: 3e-4 is queued as the next run.').waitFor();
    await seen(feed, 'Activity', 'Ada Lovelace replied on run #1');

    // Bob approves; the stale marker is not shown for a fresh verdict.
    await bob.getByText('Done: 3e-4 is queued as the next run.').waitFor({ timeout: 20_000 });
    await bob.getByRole('button', { name: 'Approve' }).click();
    await bob.getByRole('list', { name: 'Verdicts' }).getByText('Bob Noyce approved').waitFor();
    await ada.getByRole('list', { name: 'Verdicts' }).getByText('Bob Noyce approved').waitFor({ timeout: 20_000 });
    await seen(feed, 'Activity', 'Bob Noyce approved run #1');
    await seen(dashboard, 'Recent activity', 'Bob Noyce approved run #1');
    // Ada was told about both verdicts.
    await expect.poll(() => ada.getByRole('button', { name: /^Notifications, [2-9] unread$/ }).isVisible(), { timeout: 20_000 }).toBe(true);

    // Neither tab was reloaded, and the feed filters by person from the URL.
    for (const page of [dashboard, feed]) expect(await page.evaluate(() => (window as unknown as { __kept?: boolean }).__kept)).toBe(true);
    await feed.getByLabel('Person').selectOption({ label: 'Bob Noyce' });
    await feed.waitForURL(/person=/);
    await feed.getByText('Bob Noyce approved run #1').waitFor();
    await expect.poll(() => feed.getByText('Ada Lovelace launched run #1').count()).toBe(0);
    await feed.getByText('Bob Noyce requested changes on run #1').waitFor();

    await ada.screenshot({ path: '/tmp/ui-shots/collab-run-page.png', fullPage: true });
    await dashboard.screenshot({ path: '/tmp/ui-shots/collab-dashboard.png', fullPage: true });
    await feed.goto(`${teamUrl}/activity`);
    await feed.getByText('Bob Noyce approved run #1').waitFor();
    await feed.screenshot({ path: '/tmp/ui-shots/collab-activity.png', fullPage: true });
    await ada.getByRole('button', { name: /^Notifications/ }).click();
    await ada.getByRole('dialog', { name: 'Notifications' }).getByRole('link', { name: /Bob Noyce approved your run #1/ }).waitFor();
    await ada.screenshot({ path: '/tmp/ui-shots/collab-notifications-dropdown.png' });
    await ada.goto(`${env.app.url}/notifications`);
    await ada.getByRole('list', { name: 'Notifications' }).waitFor();
    await ada.screenshot({ path: '/tmp/ui-shots/collab-notifications.png', fullPage: true });
    await bob.goto(`${teamUrl}/reviews`);
    await bob.getByText(/Nothing waiting for you/).waitFor();
  });
});
