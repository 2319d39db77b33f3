import { describe, expect, it } from 'vitest';
import { appAndBrowser, signUpWithTeam } from './support/session';

const UUID = '[0-9a-f-]{36}';

const PAYLOADS = [
  '<script>window.__xss=1</script>',
  '[click](javascript:window.__xss=2)',
  '<img src=x onerror="window.__xss=3">',
  '![x](javascript:window.__xss=4)',
];

describe('comments are Markdown, never markup', () => {
  const env = appAndBrowser();

  it('renders script, javascript: links and image handlers as inert text', async () => {
    const page = await (await env.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await signUpWithTeam(page, env.app.url, { name: 'Grace Hopper', email: 'grace@example.com', team: 'Safe Lab' });

    await page.getByRole('navigation', { name: 'Team' }).getByRole('link', { name: 'Datasets' }).click();
    await page.getByRole('button', { name: 'Add Two moons' }).click();
    await page.waitForURL(new RegExp(`/datasets/${UUID}$`), { timeout: 30_000 });
    await page.getByLabel('Split name').fill('moons xss');
    await page.getByRole('button', { name: 'Freeze split' }).click();
    await page.waitForURL(new RegExp(`/splits/${UUID}$`), { timeout: 30_000 });
    await page.goto(`${page.url()}/launch`);
    await page.getByRole('heading', { name: 'Launch a run' }).waitFor();
    await page.getByLabel('Epochs').fill('5');
    await page.getByRole('button', { name: 'Launch run' }).click();
    await page.waitForURL(new RegExp(`/runs/${UUID}$`), { timeout: 30_000 });

    const comments = page.getByRole('list', { name: 'Comments' });
    for (const payload of [...PAYLOADS, 'A safe link: [docs](https://example.com/docs) and https://example.org']) {
      await page.getByLabel('Comment', { exact: true }).fill(payload);
      await page.getByRole('button', { name: 'Comment', exact: true }).click();
      await comments.getByRole('article').filter({ hasText: payload.startsWith('A safe') ? 'A safe link' : payload }).first().waitFor();
    }
    // The note is Markdown too.
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByLabel('Note', { exact: true }).fill(`${PAYLOADS[1]} ${PAYLOADS[2]}`);
    await page.getByRole('button', { name: 'Save note' }).click();
    await page.getByRole('region', { name: 'The idea being tested' }).getByText(PAYLOADS[2]!).waitFor();

    // Every payload is visible as the text that was typed.
    for (const payload of PAYLOADS) expect(await comments.getByText(payload, { exact: true }).isVisible(), payload).toBe(true);
    const xss = () => page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss);
    expect(await xss()).toBeUndefined();

    // No element the payloads could have become exists, anywhere on the page.
    const discussion = page.getByRole('region', { name: 'Discussion' });
    expect(await discussion.locator('script').count()).toBe(0);
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.locator('[onerror], [onclick], [onload]').count()).toBe(0);
    expect(await page.locator('a[href^="javascript:" i], a[href^="data:" i]').count()).toBe(0);
    // Safe links still render, and open in a new tab without a handle on this one.
    const docs = comments.getByRole('link', { name: 'docs' });
    expect(await docs.getAttribute('href')).toBe('https://example.com/docs');
    expect(await docs.getAttribute('rel')).toContain('noopener');
    expect(await comments.getByRole('link', { name: 'https://example.org' }).getAttribute('href')).toBe('https://example.org');

    // Clicking what looks like the links does nothing either.
    await comments.getByText(PAYLOADS[1]!, { exact: true }).click();
    await comments.getByText(PAYLOADS[3]!, { exact: true }).click();
    await page.getByRole('region', { name: 'The idea being tested' }).getByText(PAYLOADS[1]!).click();
    await page.waitForTimeout(500);
    expect(await xss()).toBeUndefined();
    expect(dialogs).toEqual([]);

    // Reloaded from the server (stored byte for byte), still inert.
    await page.reload();
    await comments.getByText(PAYLOADS[0]!, { exact: true }).waitFor();
    await page.waitForTimeout(500);
    expect(await xss()).toBeUndefined();
    await page.screenshot({ path: '/tmp/ui-shots/collab-xss.png', fullPage: true });
  });
});
