import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appAndBrowser, fillSignUp, signUpWithTeam } from './support/session';

const UUID = '[0-9a-f-]{36}';
const SHOTS = '/tmp/ui-shots';
const LEARNING_RATES = ['0.03', '0.003', '0.0003'];
/** A fourth run, kept back: the one the spent budget refuses. */
const SPARE_LEARNING_RATE = '0.01';

/**
 * Two people of one team, as they would click it: Ada trains three runs; Bob ranks them on the
 * leaderboard, compares them against a pinned baseline and reads a diagnosis; Ada spends the
 * split's test budget (3 per week by default) until the server says no, a model already scored
 * spends nothing more, and the split's audit log shows every evaluation.
 */
describe('leaderboard, compare and the test budget, for two people of one team', () => {
  const env = appAndBrowser();

  it('trains three runs, compares them, and spends the test budget until it is refused', { timeout: 900_000 }, async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    const ada = await (await env.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signUpWithTeam(ada, env.app.url, { name: 'Ada Lovelace', email: 'ada@example.com', team: 'Engine Lab' });
    const slug = new URL(ada.url()).pathname.split('/')[2]!;

    // Ada invites Bob as a member.
    await ada.getByRole('link', { name: 'Settings' }).click();
    await ada.getByLabel('Role', { exact: true }).selectOption('member');
    await ada.getByRole('button', { name: 'Create invite link' }).click();
    const invite = await ada.getByLabel('Invite link', { exact: true }).inputValue();
    const bob = await (await env.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await bob.goto(invite);
    await bob.getByRole('link', { name: 'Create an account to join' }).click();
    await fillSignUp(bob, 'Bob Babbage', 'bob@example.com');
    await bob.waitForURL(/\/invite\//);
    await bob.getByRole('button', { name: 'Join Engine Lab' }).click();
    await bob.waitForURL(new RegExp(`/t/${slug}$`));

    // Ada adds two moons, freezes a split and launches three short runs.
    await ada.getByRole('navigation', { name: 'Team' }).getByRole('link', { name: 'Datasets' }).click();
    await ada.getByRole('button', { name: 'Add Two moons' }).click();
    await ada.waitForURL(new RegExp(`/datasets/${UUID}$`), { timeout: 30_000 });
    await ada.getByLabel('Split name').fill('moons main');
    await ada.getByRole('button', { name: 'Freeze split' }).click();
    await ada.waitForURL(new RegExp(`/splits/${UUID}$`), { timeout: 30_000 });
    const splitUrl = ada.url();
    const splitId = splitUrl.split('/').at(-1)!;
    const runUrls: string[] = [];
    for (const lr of [...LEARNING_RATES, SPARE_LEARNING_RATE]) {
      await ada.goto(`${splitUrl}/launch`);
      await ada.getByRole('heading', { name: 'Launch a run' }).waitFor();
      await ada.getByLabel('Learning rate').fill(lr);
      await ada.getByLabel('Epochs').fill('15');
      await ada.getByRole('button', { name: 'Launch run' }).click();
      await ada.waitForURL(new RegExp(`/runs/${UUID}$`), { timeout: 30_000 });
      runUrls.push(ada.url());
    }
    for (const [i, url] of runUrls.entries()) {
      await ada.goto(url);
      await ada.getByRole('heading', { name: `Run #${i + 1}` }).waitFor();
      await ada.getByText('succeeded', { exact: true }).first().waitFor({ timeout: 240_000 });
    }

    // Bob ranks them on the leaderboard and compares all three.
    await bob.goto(`${env.app.url}/t/${slug}/splits/${splitId}/leaderboard`);
    await bob.getByRole('heading', { name: /Leaderboard/ }).waitFor({ timeout: 30_000 });
    // The board ranks runs: the Runs tab is the one lit, not Datasets.
    const tabs = bob.getByRole('navigation', { name: 'Team' });
    expect(await tabs.getByRole('link', { name: 'Runs' }).getAttribute('aria-current')).toBe('page');
    expect(await tabs.getByRole('link', { name: 'Datasets' }).getAttribute('aria-current')).toBeNull();
    await bob.getByRole('table').getByRole('row').nth(3).waitFor({ timeout: 30_000 });
    await bob.getByLabel('How many top runs').selectOption('3');
    await bob.getByRole('link', { name: 'Compare top 3' }).click();
    await bob.waitForURL(/\/compare\?runs=/);
    await bob.locator('[data-drawn-ms]').waitFor({ timeout: 30_000 });
    expect(new URL(bob.url()).searchParams.get('runs')!.split(',')).toHaveLength(3);

    // He pins another run as the baseline; the URL and the description follow.
    const before = new URL(bob.url()).searchParams.get('baseline');
    await bob.getByRole('button', { name: 'pin' }).first().click();
    await expect.poll(() => new URL(bob.url()).searchParams.get('baseline')).not.toBe(before);
    const baselineId = new URL(bob.url()).searchParams.get('baseline')!;
    await bob.getByText(/^Baseline: run #\d/).waitFor();

    // And reads the baseline's diagnosis on its run page.
    await bob.goto(`${env.app.url}/t/${slug}/runs/${baselineId}`);
    const diagnosis = bob.getByRole('region', { name: 'Diagnosis' });
    await diagnosis.waitFor({ timeout: 30_000 });
    expect(await diagnosis.innerText()).toMatch(/human-level/i);

    // Ada spends the test budget, one evaluation per run, reading each score as it arrives.
    for (const [i, url] of runUrls.slice(0, LEARNING_RATES.length).entries()) {
      await ada.goto(url);
      const card = ada.getByRole('region', { name: 'Test evaluation' });
      await card.getByText(`${3 - i} of 3 left this week`).waitFor({ timeout: 30_000 });
      if (i === 0) await card.screenshot({ path: `${SHOTS}/test-eval-run-card-before.png` });
      await card.getByRole('button', { name: 'Evaluate on the test split' }).click();
      await card.getByLabel('Reason (optional)').fill(`final check of learning rate ${LEARNING_RATES[i]}`);
      if (i === 0) await card.screenshot({ path: `${SHOTS}/test-eval-run-card-confirm.png` });
      await card.getByRole('button', { name: 'Spend one evaluation' }).click();
      const score = card.getByRole('group', { name: 'Test score' });
      await score.waitFor({ timeout: 120_000 });
      expect(await score.innerText()).toMatch(/\d+(\.\d)?%\s+95% CI \d+(\.\d)?% – \d+(\.\d)?%/);
      expect(await score.innerText()).toMatch(/On [\d,]+ test rows/);
      await card.getByText(`${2 - i} of 3 left this week`).waitFor();
      if (i === 0) await card.screenshot({ path: `${SHOTS}/test-eval-run-card-after.png` });
    }

    // A model scored once has nothing more to spend on: the card says so and offers no button,
    // and asking the server anyway returns the same evaluation, spending nothing.
    const scoredCard = ada.getByRole('region', { name: 'Test evaluation' });
    await scoredCard.getByText(/asking again would give this same number/).waitFor();
    expect(await scoredCard.getByRole('button', { name: 'Evaluate on the test split' }).count()).toBe(0);
    const teamId = await teamIdOf(ada);
    const repeat = await ada.request.post(`${env.app.url}/api/trpc/testEvaluation.request`, {
      data: { json: { teamId, runId: runUrls[0]!.split('/').at(-1), reason: '' } },
    });
    expect(repeat.status()).toBe(200);
    expect(((await repeat.json()) as { result: { data: { json: { reused: boolean } } } }).result.data.json.reused).toBe(true);

    // The budget says no to the model not scored yet: the button is disabled and the server's own refusal is shown verbatim.
    await ada.goto(runUrls[3]!);
    const card = ada.getByRole('region', { name: 'Test evaluation' });
    await card.getByText('0 of 3 left this week').waitFor({ timeout: 30_000 });
    expect(await card.getByRole('button', { name: 'Evaluate on the test split' }).isDisabled()).toBe(true);
    const shown = await card.getByText(/^The test budget for this split is spent: 3 of 3 evaluations/).innerText();
    const refusal = await ada.request.post(`${env.app.url}/api/trpc/testEvaluation.request`, {
      data: { json: { teamId, runId: runUrls[3]!.split('/').at(-1), reason: '' } },
    });
    expect(refusal.status()).toBe(429);
    expect(((await refusal.json()) as { error: { json: { message: string } } }).error.json.message).toBe(shown);
    await card.screenshot({ path: `${SHOTS}/test-eval-run-card-spent.png` });

    // The split page: the budget, and the audit log with all three evaluations, newest first.
    await ada.goto(splitUrl);
    const budget = ada.getByRole('region', { name: 'Test budget' });
    await budget.getByText('0 of 3 left this week').waitFor({ timeout: 30_000 });
    const log = ada.getByRole('region', { name: 'Test evaluation log' });
    await log.getByRole('row').nth(3).waitFor({ timeout: 30_000 });
    const rows = log.getByRole('row');
    expect(await rows.count()).toBe(4);
    for (const [i, lr] of [...LEARNING_RATES].reverse().entries()) {
      const row = rows.nth(i + 1);
      expect(await row.innerText()).toContain(`final check of learning rate ${lr}`);
      expect(await row.getByRole('link', { name: `#${3 - i}` }).count()).toBe(1);
      expect(await row.innerText()).toContain('Ada Lovelace');
    }
    expect(await log.getByText('can’t be edited or deleted').count()).toBe(1);
    await shootSection(ada, `${SHOTS}/test-eval-split-budget-and-log.png`);

    // Ada (the owner) can change the budget; Bob, a member, only reads it.
    await budget.getByRole('button', { name: 'Change budget' }).click();
    await budget.getByLabel('Maximum evaluations').fill('5');
    await budget.getByLabel('Period').selectOption('month');
    await budget.screenshot({ path: `${SHOTS}/test-eval-split-budget-edit.png` });
    await budget.getByRole('button', { name: 'Save budget' }).click();
    await budget.getByText('2 of 5 left this month').waitFor();
    await bob.goto(splitUrl);
    await bob.getByRole('region', { name: 'Test budget' }).getByText('2 of 5 left this month').waitFor({ timeout: 30_000 });
    expect(await bob.getByRole('button', { name: 'Change budget' }).count()).toBe(0);

    // The raised budget lets Ada score the fourth run.
    await ada.goto(runUrls[3]!);
    const again = ada.getByRole('region', { name: 'Test evaluation' });
    await again.getByRole('button', { name: 'Evaluate on the test split' }).click();
    await again.getByRole('button', { name: 'Spend one evaluation' }).click();
    await again.getByText('1 of 5 left this month').waitFor({ timeout: 30_000 });
    await again.getByRole('group', { name: 'Test score' }).waitFor({ timeout: 120_000 });
    await again.getByText(/asking again would give this same number/).waitFor();
    await again.screenshot({ path: `${SHOTS}/test-eval-run-card-scored.png` });

    // A viewer reads the scores but gets no button.
    await ada.goto(`${env.app.url}/t/${slug}/settings`);
    await ada.getByLabel('Role of Bob Babbage').selectOption('viewer');
    await expect.poll(() => ada.getByText('changed Bob Babbage’s role from member to viewer').isVisible(), { timeout: 10_000 }).toBe(true);
    await bob.goto(runUrls[0]!);
    const viewerCard = bob.getByRole('region', { name: 'Test evaluation' });
    await viewerCard.getByRole('group', { name: 'Test score' }).waitFor({ timeout: 30_000 });
    expect(await viewerCard.getByRole('button', { name: 'Evaluate on the test split' }).count()).toBe(0);
    await viewerCard.screenshot({ path: `${SHOTS}/test-eval-run-card-viewer.png` });
  });
});

async function teamIdOf(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const teams = await fetch('/api/trpc/team.list').then((r) => r.json());
    return teams.result.data.json[0].id as string;
  });
}

/** The budget card and the log below it, in one picture. */
async function shootSection(page: Page, path: string): Promise<void> {
  // Bounding boxes are relative to the viewport; a full-page clip is in page coordinates.
  const top = await page.getByRole('region', { name: 'Test budget' }).boundingBox();
  const bottom = await page.getByRole('region', { name: 'Test evaluation log' }).boundingBox();
  if (!top || !bottom) throw new Error('test sections not on the page');
  const scrollY = await page.evaluate(() => window.scrollY);
  await page.screenshot({ path, fullPage: true, clip: { x: top.x - 8, y: top.y + scrollY - 8, width: top.width + 16, height: bottom.y + bottom.height - top.y + 16 } });
}
