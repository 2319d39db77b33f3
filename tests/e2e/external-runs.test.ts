import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { appAndBrowser, newPersonWithSplit } from './support/session';

const UUID = '[0-9a-f-]{36}';
const execFileAsync = promisify(execFile);

describe('a teammate who trains elsewhere, as a new user would do it', () => {
  const env = appAndBrowser();

  it('creates a token, runs the documented quick start, watches the external run arrive live and ranks it beside a built-in run; imports Keras logs', async () => {
    fs.mkdirSync('/tmp/ui-shots', { recursive: true });
    const page = await newPersonWithSplit(env.browser, env.app.url, { name: 'Grace Wahba', email: 'grace@example.com', team: 'Splines' });
    const splitUrl = page.url();
    const splitId = /\/splits\/([0-9a-f-]{36})$/.exec(splitUrl)![1]!;

    // A built-in run to compare with.
    await page.getByRole('link', { name: 'Launch a run' }).click();
    await page.getByRole('heading', { name: 'Launch a run' }).waitFor();
    await page.getByLabel('Epochs').fill('30');
    await page.getByRole('button', { name: 'Launch run' }).click();
    await page.waitForURL(new RegExp(`/runs/${UUID}$`), { timeout: 30_000 });
    await page.getByText('succeeded', { exact: true }).waitFor({ timeout: 180_000 });

    // The split page says how to train elsewhere: downloads (test without labels) and the split id.
    await page.goto(splitUrl);
    const card = page.getByRole('region', { name: 'Train elsewhere' });
    await card.getByRole('link', { name: 'test features.csv' }).waitFor();
    const download = await card.getByRole('link', { name: 'test features.csv' }).evaluate((a: HTMLAnchorElement) => fetch(a.href).then((r) => r.text()));
    expect(download.split('\n')[0]).toBe('row,x1,x2');
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/ui-shots/split-train-elsewhere.png', fullPage: true });

    // A token from the account page, shown once with the quick start.
    await page.goto(`${env.app.url}/account`);
    await page.getByLabel('Token name').fill('laptop');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.getByLabel('New token').innerText()).trim();
    expect(token).toMatch(/^hld_/);
    const quickStart = await page.getByLabel('Quick start').innerText();
    expect(quickStart).toContain(`HOLDOUT_URL=${env.app.url}`);
    await page.screenshot({ path: '/tmp/ui-shots/account-tokens.png', fullPage: true });
    await page.reload();
    await page.getByRole('table', { name: 'Your API tokens' }).getByText('laptop').waitFor();
    expect(await page.getByText(token).count()).toBe(0); // Shown once, never again.

    // The runs page is open while the script runs: its run appears without a reload.
    const runsPage = await page.context().newPage();
    await runsPage.goto(splitUrl.replace(/\/splits\/.*$/, `/runs?split=${splitId}`));
    await runsPage.getByText('#1', { exact: true }).waitFor();
    const script = execFileAsync('python3', ['clients/python/quickstart.py', '--split', splitId, '--epochs', '20'], {
      env: { ...process.env, HOLDOUT_URL: env.app.url, HOLDOUT_TOKEN: token, HOME: fs.mkdtempSync('/tmp/holdout-home-') },
      timeout: 120_000,
    });
    await runsPage.getByText('python quickstart').waitFor({ timeout: 60_000 });
    const { stdout } = await script;
    expect(stdout).toMatch(/run #2: server-scored dev accuracy 0\.\d+ on \d+ rows/);
    await runsPage.getByText('external', { exact: true }).first().waitFor();
    // The default view fits a 1440 px screen without scrolling sideways.
    await runsPage.setViewportSize({ width: 1440, height: 900 });
    const overflow = await runsPage.getByTestId('runs-table-scroll').evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await runsPage.screenshot({ path: '/tmp/ui-shots/runs-with-external.png', fullPage: true });

    // The running app serves the OpenAPI document and MLflow's tracking API (an experiment is the split).
    const openapi = await fetch(`${env.app.url}/api/v1/openapi.json`).then((r) => r.json());
    expect(openapi.paths).toHaveProperty(['/teams/{teamId}/runs/{runId}/dev-predictions']);
    const experiment = await fetch(`${env.app.url}/api/2.0/mlflow/experiments/get-by-name?experiment_name=${encodeURIComponent('moons main')}`, { headers: { authorization: `Bearer ${token}` } });
    expect(await experiment.json()).toMatchObject({ experiment: { experiment_id: splitId, name: 'moons main' } });

    // The leaderboard ranks both on the same dev rows, the external one marked.
    await runsPage.goto(`${splitUrl}/leaderboard`);
    const board = runsPage.getByRole('table').first();
    await board.getByText('python quickstart').waitFor();
    await board.getByText(/external · python stdlib/).waitFor();
    expect(await board.getByRole('row').count()).toBeGreaterThanOrEqual(3);
    await runsPage.screenshot({ path: '/tmp/ui-shots/leaderboard-external.png', fullPage: true });

    // Its page: what the script logged (self-reported, drawn) apart from what the server scored.
    await board.getByRole('link', { name: '#2' }).click();
    await runsPage.waitForURL(new RegExp(`/runs/${UUID}$`));
    await runsPage.getByRole('heading', { name: 'Logged by the script' }).waitFor();
    await runsPage.getByTestId('chart-val_loss').or(runsPage.getByTestId('chart-loss')).first().waitFor();
    await runsPage.getByRole('region', { name: 'Dev results' }).waitFor();
    await runsPage.getByText('clients/python/quickstart.py').waitFor();
    await runsPage.screenshot({ path: '/tmp/ui-shots/run-external.png', fullPage: true });

    // Logs someone already has: a Keras CSVLogger file, previewed, then imported as a run.
    await page.goto(splitUrl);
    const importCard = page.getByRole('region', { name: 'Train elsewhere' });
    await importCard.getByLabel('Run name').fill('keras notebook');
    await importCard.getByLabel('Log files').setInputFiles(path.join(process.cwd(), 'tests/fixtures/imports/keras-csvlogger.csv'));
    await importCard.getByRole('button', { name: 'Preview' }).click();
    const preview = importCard.getByRole('table', { name: 'Import preview' });
    await preview.getByText('val_loss').waitFor();
    await preview.getByText('dev loss curve').waitFor();
    await page.screenshot({ path: '/tmp/ui-shots/import-preview.png', fullPage: true });
    await importCard.getByRole('button', { name: 'Import 16 points' }).click();
    await page.waitForURL(new RegExp(`/runs/${UUID}$`), { timeout: 30_000 });
    await page.getByRole('heading', { name: 'Logged by the script' }).waitFor();
    await page.getByText('succeeded', { exact: true }).waitFor();
  });
});
