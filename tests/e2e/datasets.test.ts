import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appAndBrowser, signUpWithTeam } from './support/session';

const UUID = '[0-9a-f-]{36}';

/** Semicolon-separated, with quoted headers (as a European spreadsheet exports it). */
function semicolonFile(): Buffer {
  const species = ['setosa', 'versicolor', 'virginica'];
  const rows = Array.from({ length: 30 }, (_, i) => `${(4.5 + (i % 10) * 0.2).toFixed(1)};${(2.5 + (i % 7) * 0.15).toFixed(2)};"${species[i % 3]}"`);
  return Buffer.from(['"sepal length";"sepal width";"species"', ...rows].join('\n'));
}

/** Tab-separated, with a numeric target for regression. */
function tabFile(): Buffer {
  const rows = Array.from({ length: 40 }, (_, i) => `${1 + (i % 5)}\t${(40 + i * 3.5).toFixed(1)}\t${(100 + i * 7.25 + (i % 3) * 11).toFixed(2)}`);
  return Buffer.from(['rooms\tarea\tprice', ...rows].join('\n'));
}

/** A date column, numeric features and a text target with three classes, 20 rows each. */
function sentimentFile(): Buffer {
  const labels = ['positive', 'negative', 'neutral'];
  const start = Date.UTC(2024, 0, 1);
  const rows = Array.from({ length: 60 }, (_, i) => {
    const when = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
    return `${when},${(i * 0.37) % 5},${(i * 13) % 17},${labels[i % 3]}`;
  });
  return Buffer.from(['when,score,length,sentiment', ...rows].join('\n'));
}

async function upload(page: Page, name: string, buffer: Buffer) {
  await page.getByLabel('Data file').setInputFiles({ name, mimeType: 'text/csv', buffer });
  await page.waitForURL(new RegExp(`/datasets/drafts/${UUID}$`), { timeout: 30_000 });
  await page.getByRole('heading', { name }).waitFor();
}

async function register(page: Page) {
  await page.getByRole('button', { name: 'Register' }).click();
  await page.waitForURL(new RegExp(`/datasets/${UUID}$`), { timeout: 30_000 });
}

describe('datasets and splits, as a new user would click them', () => {
  const env = appAndBrowser();

  it('uploads three files, registers them, freezes a stratified split and adds an example', async () => {
    const page = await (await env.browser.newContext()).newPage();
    await signUpWithTeam(page, env.app.url, { name: 'Grace Hopper', email: 'grace@example.com', team: 'Data Lab' });
    await page.waitForURL(/\/t\/data-lab$/);
    await page.getByRole('navigation', { name: 'Team' }).getByRole('link', { name: 'Datasets' }).click();
    await page.waitForURL(/\/t\/data-lab\/datasets$/);
    await page.getByText('No datasets yet').waitFor();

    // A file the server rejects: its message is shown as the server wrote it.
    await page.getByLabel('Data file').setInputFiles({ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.from('') });
    // Next.js's route announcer is an alert too: pick the upload's own message.
    await page.getByText('empty.csv was not accepted:').waitFor({ timeout: 20_000 });
    await page.getByRole('alert').filter({ hasText: /The file is empty \(0 bytes\)/ }).waitFor();

    // (a) semicolons and quoted headers.
    await upload(page, 'flowers.csv', semicolonFile());
    await page.getByText('semicolon-separated').waitFor();
    expect(await page.getByLabel('Dataset name').inputValue()).toBe('flowers');
    await page.getByLabel('Target column').selectOption('species');
    expect(await page.getByLabel('Classification').isChecked()).toBe(true);
    await register(page);
    await page.getByRole('heading', { name: 'flowers', exact: true }).waitFor();

    // (b) tabs, with a regression target.
    await page.getByRole('link', { name: '← Datasets' }).click();
    await upload(page, 'houses.tsv', tabFile());
    await page.getByText('tab-separated').waitFor();
    await page.getByLabel('Target column').selectOption('price');
    await page.getByLabel('Regression').check();
    await register(page);
    await page.getByRole('heading', { name: 'houses', exact: true }).waitFor();

    // (c) a date column and a text target.
    await page.getByRole('link', { name: '← Datasets' }).click();
    await upload(page, 'reviews.csv', sentimentFile());
    expect(await page.getByLabel('Target column').inputValue()).toBe('sentiment');
    await page.getByLabel('Target column').selectOption('sentiment');
    expect(await page.getByLabel('Classification').isChecked()).toBe(true);
    await register(page);
    await page.getByRole('heading', { name: 'reviews', exact: true }).waitFor();
    // The target's values never reach the browser.
    await expect.poll(() => page.getByText('•••').first().isVisible(), { timeout: 10_000 }).toBe(true);

    // Freeze a stratified 80/10/10 split: 20 rows per class → 16/2/2 each → 48/6/6.
    await page.getByLabel('Split name').fill('Reviews 80/10/10');
    expect(await page.getByLabel('Strategy').inputValue()).toBe('stratified');
    expect(await page.getByLabel('Column', { exact: true }).inputValue()).toBe('sentiment');
    await page.getByRole('button', { name: '60/20/20' }).click();
    await page.getByLabel('Train fraction').fill('0.9');
    await page.getByRole('button', { name: 'Freeze split' }).click();
    await page.getByText('Fractions must sum to 1 (they sum to 1.3).').waitFor();
    await page.getByRole('button', { name: '80/10/10' }).click();
    // Before freezing for good, the form shows what the split would be: parts, precision, mismatch.
    const preview = page.getByRole('region', { name: 'Before you freeze' });
    await preview.getByRole('listitem').filter({ hasText: /^dev: \d+ rows/i }).waitFor({ timeout: 30_000 });
    await preview.getByText('Dev vs test').waitFor();
    fs.mkdirSync('/tmp/ui-shots', { recursive: true });
    await page.screenshot({ path: '/tmp/ui-shots/split-form-preview.png', fullPage: true });
    await page.getByRole('button', { name: 'Freeze split' }).click();
    await page.waitForURL(new RegExp(`/splits/${UUID}$`), { timeout: 30_000 });
    await page.getByRole('heading', { name: 'Reviews 80/10/10' }).waitFor();
    await page.getByText('Frozen', { exact: true }).waitFor();
    await page.getByRole('img', { name: 'train 48 rows, dev 6 rows, test 6 rows' }).waitFor();
    await page.getByText(/^dev: 6 rows measure accuracy to ±40\.\d+ points/).waitFor();
    await page.getByText(/^test: 6 rows measure accuracy to/).waitFor();
    await page.getByRole('region', { name: 'Dev vs test' }).waitFor();

    // The human-level error is validated before it is sent, then saved.
    await page.getByRole('textbox', { name: 'Human-level error' }).fill('5');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('An error rate between 0 and 1 for classification; 2% is 0.02').waitFor();
    await page.getByRole('textbox', { name: 'Human-level error' }).fill('0.05');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();

    // Its creator renames it in place (and could archive it).
    await page.getByRole('button', { name: 'Rename', exact: true }).click();
    await page.getByLabel('split name').fill('Reviews main');
    await page.getByLabel('split name').press('Enter');
    await page.getByRole('heading', { name: 'Reviews main' }).waitFor();
    await page.getByRole('button', { name: 'Archive split' }).waitFor();
    await page.screenshot({ path: '/tmp/ui-shots/split-page.png', fullPage: true });

    // A second split of the same version keeps the first one's test rows and says so before freezing.
    await page.getByRole('link', { name: /^← reviews/ }).click();
    await page.getByText('Test rows are fixed: 6 rows, sealed when “Reviews 80/10/10” was frozen', { exact: false }).waitFor();
    await page.getByLabel('Split name').fill('Reviews reshuffled');
    await page.getByLabel('Strategy').selectOption('random');
    await page.getByLabel('Train share').fill('0.75');
    await page.getByLabel('Dev share').fill('0.5');
    await page.getByRole('button', { name: 'Freeze split' }).click();
    await page.getByText('Train and dev shares must sum to 1 (they sum to 1.25).').waitFor();
    await page.getByLabel('Dev share').fill('0.25');
    await page.getByRole('button', { name: 'Freeze split' }).click();
    await page.waitForURL(new RegExp(`/splits/${UUID}$`), { timeout: 30_000 });
    await page.getByRole('heading', { name: 'Reviews reshuffled' }).waitFor();
    // 54 rows outside the seal: 40 train, 14 dev; the same 6 test rows.
    await page.getByRole('img', { name: 'train 40 rows, dev 14 rows, test 6 rows' }).waitFor();
    await page.getByText('Shared by the 2 splits of this dataset version').waitFor();

    // One click on a generated example.
    await page.getByRole('navigation', { name: 'Team' }).getByRole('link', { name: 'Datasets' }).click();
    await page.getByRole('button', { name: 'Add Two moons' }).click();
    await page.waitForURL(new RegExp(`/datasets/${UUID}$`), { timeout: 30_000 });
    await page.getByRole('heading', { name: /^Two moons · 1,000 rows · noise 0\.2 · seed 0$/ }).waitFor();

    await page.getByRole('link', { name: '← Datasets' }).click();
    for (const name of ['flowers', 'houses', 'reviews']) await page.getByRole('link', { name, exact: true }).waitFor();
  });
});
