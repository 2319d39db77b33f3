import { describe, expect, it } from 'vitest';
import { appAndBrowser, signUpWithTeam } from './support/session';

const UUID = '[0-9a-f-]{36}';

describe('a first training run, as a new user would click it', () => {
  const env = appAndBrowser();

  it('adds two moons, freezes a split, launches with defaults and watches the curves grow', async () => {
    const page = await (await env.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signUpWithTeam(page, env.app.url, { name: 'Katherine Johnson', email: 'katherine@example.com', team: 'Orbit Lab' });

    // One click on the generated example, then freeze a split of it.
    const nav = page.getByRole('navigation', { name: 'Team' });
    await nav.getByRole('link', { name: 'Datasets' }).click();
    await page.getByRole('button', { name: 'Add Two moons' }).click();
    await page.waitForURL(new RegExp(`/datasets/${UUID}$`), { timeout: 30_000 });
    await page.getByLabel('Split name').fill('moons main');
    await page.getByRole('button', { name: 'Freeze split' }).click();
    await page.waitForURL(new RegExp(`/splits/${UUID}$`), { timeout: 30_000 });
    const splitUrl = page.url();

    // The launch form, prefilled with the defaults.
    const launchLink = page.getByRole('link', { name: 'Launch a run' });
    if (await launchLink.count()) await launchLink.click();
    else await page.goto(`${splitUrl}/launch`);
    await page.waitForURL(/\/launch$/);
    await page.getByRole('heading', { name: 'Launch a run' }).waitFor();
    expect(await page.getByLabel('Units of layer 1').inputValue()).toBe('64');
    expect(await page.getByLabel('Optimizer').inputValue()).toBe('adam');
    await expect.poll(() => page.getByText(/≈ [\d,]+ trainable parameters/).isVisible()).toBe(true);

    // Validation happens in the browser, next to the field, with the schema's own words.
    await page.getByLabel('Learning rate').fill('50');
    await page.getByText('a learning rate of 50 will diverge; use ≤ 10 (typical: 1e-4 … 1e-1)').waitFor();
    await page.getByRole('button', { name: 'Launch run' }).click();
    await page.getByText('Fix the field marked in red before launching.').waitFor();
    await page.getByLabel('Learning rate').fill('0.001');
    // A short run (early stopping still on) so the test finishes quickly.
    await page.getByLabel('Epochs').fill('40');
    await page.getByRole('button', { name: 'Launch run' }).click();
    await page.waitForURL(new RegExp(`/runs/${UUID}$`), { timeout: 30_000 });
    await page.getByRole('heading', { name: 'Run #1' }).waitFor();

    // The loss curve grows in place, epoch by epoch, without a reload.
    const chart = page.getByTestId('chart-Loss');
    const counts: number[] = [];
    const status = () => page.getByText(/^(succeeded|failed|cancelled)$/).first().isVisible();
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      if (await chart.count()) counts.push(Number(await chart.getAttribute('data-point-count')));
      if (await status()) break;
      await page.waitForTimeout(150);
    }
    const final = Number(await chart.getAttribute('data-point-count'));
    counts.push(final);
    const seen = [...new Set(counts)];
    console.log(`[e2e] loss curve point counts seen: ${seen.join(', ')}`);
    await page.getByText('succeeded', { exact: true }).waitFor();
    expect(final).toBeGreaterThan(1);
    expect(final).toBeLessThanOrEqual(40);
    // At least one intermediate state was drawn before the last epoch arrived.
    expect(seen.filter((n) => n > 0 && n < final).length).toBeGreaterThan(0);
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeGreaterThanOrEqual(counts[i - 1]!);

    // The final dev numbers and the confusion matrix of the two moons.
    const accuracy = page.getByRole('region', { name: 'Dev results' }).getByText(/^\d+(\.\d)?%$/).first();
    await accuracy.waitFor();
    expect(Number((await accuracy.innerText()).replace('%', ''))).toBeGreaterThan(70);
    await page.getByText('Confusion matrix (dev)').waitFor();
    // Against what a constant would score: the majority class of the train rows, on the same dev rows.
    await page
      .getByRole('region', { name: 'Dev results' })
      .getByText(/^Baseline: predicting the majority class ‘class_[01]’ for every row scores \d+(\.\d)?% on these dev rows; this run is \d+(\.\d)? pp above it\.$/)
      .waitFor();
    expect(await page.getByRole('region', { name: 'Diagnosis' }).getByRole('list', { name: 'Errors' }).innerText()).toMatch(/Baseline/);
    await page.getByRole('log', { name: 'Run log' }).waitFor();

    // Its configuration, readable on the page, and as the JSON it was launched with.
    const configuration = page.getByRole('region', { name: 'Configuration' });
    const entry = (term: string) => configuration.locator('dt', { hasText: new RegExp(`^${term}$`) }).locator('xpath=following-sibling::dd');
    expect(await entry('Learning rate').innerText()).toBe('0.001');
    expect(await entry('Epochs').innerText()).toBe('40');
    expect(await entry('Layer 1').innerText()).toMatch(/^64 units · relu/);
    expect(await entry('Optimizer').innerText()).toMatch(/^Adam/);
    await configuration.getByText('As JSON', { exact: true }).click();
    const json = JSON.parse(await configuration.getByLabel('Configuration as JSON').innerText()) as { learningRate: number; epochs: number };
    expect(json).toMatchObject({ learningRate: 0.001, epochs: 40 });
    await page.screenshot({ path: '/tmp/ui-shots/run-page.png', fullPage: true });

    // And the team's runs list shows it.
    await nav.getByRole('link', { name: 'Runs' }).click();
    await page.waitForURL(/\/runs$/);
    await page.getByRole('link', { name: '#1' }).waitFor();
    await page.getByRole('columnheader', { name: /Dev acc/ }).waitFor();
    await page.getByRole('cell', { name: /^\d+(\.\d+)?%$/ }).first().waitFor();
  });
});
