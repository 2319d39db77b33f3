import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startAppServer } from './support/app-server';
import { appAndBrowser, newPersonWithSplit } from './support/session';

const UUID = '[0-9a-f-]{36}';

describe('a first sweep, as a new user would click it', () => {
  const env = appAndBrowser();

  it('sweeps learning rate (log) × hidden units with ASHA, watches trials stop live, confirms the top 2 and reads the verdict', async () => {
    fs.mkdirSync('/tmp/ui-shots', { recursive: true });
    const page = await newPersonWithSplit(env.browser, env.app.url, { name: 'Jerzy Neyman', email: 'jerzy@example.com', team: 'Intervals' });

    await page.getByRole('link', { name: 'Start a sweep' }).click();
    await page.getByRole('heading', { name: 'Start a sweep' }).waitFor();
    // The form starts on learning rate (log-uniform) × hidden units (integer, log), ASHA.
    expect(await page.getByTestId('param-learningRate').getByLabel('Kind').inputValue()).toBe('logUniform');
    expect(await page.getByTestId('param-units').getByLabel('Kind').inputValue()).toBe('int');
    expect(await page.getByLabel('Rule').inputValue()).toBe('asha');
    await page.getByLabel('Name').fill('lr × width');
    // A bad range is refused live, naming the field, before anything launches.
    await page.getByTestId('param-learningRate').getByLabel('Low').fill('0');
    await page.getByTestId('sweep-preview').getByText(/space\.learningRate.*log range.*above 0/).waitFor();
    expect(await page.getByRole('button', { name: 'Start the sweep' }).isDisabled()).toBe(true);
    await page.getByTestId('param-learningRate').getByLabel('Low').fill('0.0003');
    // Short trials: nine epochs each, eight trials, judged from epoch 1.
    await page.getByLabel('Add a parameter').selectOption('epochs');
    await page.getByTestId('param-epochs').getByLabel('Values (comma-separated)').fill('9');
    await page.getByLabel('Grace period (epochs)').fill('1');
    await page.getByLabel('Trials at most').fill('8');
    await page.getByLabel('Trials at once').fill('1');
    await page.getByTestId('sweep-preview').getByText(/8 trials · rungs at epochs 1, 3 · at most 72 epochs/).waitFor();
    await page.screenshot({ path: '/tmp/ui-shots/sweep-form.png', fullPage: true });
    await page.getByRole('button', { name: 'Start the sweep' }).click();
    await page.waitForURL(new RegExp(`/sweeps/${UUID}$`), { timeout: 30_000 });
    await page.getByRole('heading', { name: /lr × width/ }).waitFor();

    // Trials appear and stop live, without a reload.
    const table = page.getByTestId('trials-table');
    await table.getByText(/^(running|queued)$/).first().waitFor({ timeout: 60_000 });
    await table.getByText(/^stopped at [13]$/).first().waitFor({ timeout: 240_000 });
    await page.getByText(/^Trial \d+:$/).first().waitFor();
    await page.getByText(/Stopped by ASHA at rung [12] \(epoch [13]\)/).first().waitFor();
    await page.getByRole('heading', { name: /completed/ }).waitFor({ timeout: 300_000 });
    await page.getByTestId('rung-ladder').waitFor();
    await page.screenshot({ path: '/tmp/ui-shots/sweep-page.png', fullPage: true });

    // Confirm the top 2 on fresh seeds, then read the verdict in words.
    await page.getByRole('button', { name: 'Confirm the top 2' }).click();
    await page.getByText(/^fresh seeds: /).first().waitFor({ timeout: 240_000 });
    await expect.poll(() => page.getByText(/^fresh seeds: /).count(), { timeout: 240_000 }).toBe(2);
    await page.getByRole('heading', { name: /completed/ }).waitFor({ timeout: 240_000 });
    const verdict = await page.getByTestId('winner-verdict').innerText();
    expect(verdict).toMatch(/(cannot be told apart|larger than the seeds' noise).*3 paired fresh seeds/);
    await page.screenshot({ path: '/tmp/ui-shots/sweep-confirmed.png', fullPage: true });

    // The winner is an ordinary run.
    await page.getByRole('link', { name: /Open the winner’s best run/ }).click();
    await page.waitForURL(new RegExp(`/runs/${UUID}$`));
    await page.getByRole('heading', { name: /^Run #\d+$/ }).waitFor();
  });

  it('a web process killed mid-sweep (kill -9) and started again on its data resumes the sweep where it was', async () => {
    const first = await startAppServer();
    const dataDir = first.dataDir;
    let second: Awaited<ReturnType<typeof startAppServer>> | undefined;
    try {
      const page = await newPersonWithSplit(env.browser, first.url, { name: 'Grace Hopper', email: 'grace@example.com', team: 'Restarts' });
      await page.getByRole('link', { name: 'Start a sweep' }).click();
      await page.getByRole('heading', { name: 'Start a sweep' }).waitFor();
      await page.getByLabel('Name').fill('survives a restart');
      await page.getByLabel('Random', { exact: true }).check();
      // Slow trials (one row per step), so the kill lands while the first one trains.
      await page.getByLabel('Add a parameter').selectOption('epochs');
      await page.getByTestId('param-epochs').getByLabel('Values (comma-separated)').fill('8');
      await page.getByLabel('Add a parameter').selectOption('batchSize');
      await page.getByTestId('param-batchSize').getByLabel('Values (comma-separated)').fill('1');
      await page.getByLabel('Rule').selectOption('off');
      await page.getByLabel('Trials at most').fill('2');
      await page.getByLabel('Trials at once').fill('1');
      await page.getByTestId('sweep-preview').getByText(/2 trials · at most 16 epochs/).waitFor();
      await page.getByRole('button', { name: 'Start the sweep' }).click();
      await page.waitForURL(new RegExp(`/sweeps/${UUID}$`), { timeout: 30_000 });
      const sweepPath = new URL(page.url()).pathname;
      // Kill the whole process tree while the first trial trains (it has reported an epoch, and has more to go).
      await page.getByTestId('trials-table').getByText(/^[1-5]\/8$/).waitFor({ timeout: 120_000 });
      const pids = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' });
      const children = (pid: number): number[] =>
        pids.split('\n').map((l) => l.trim().split(/\s+/).map(Number)).filter(([, ppid]) => ppid === pid).flatMap(([child]) => [child!, ...children(child!)]);
      const tree = [first.process.pid!, ...children(first.process.pid!)];
      for (const pid of tree) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      // SIGKILL is delivered asynchronously: wait until the whole tree is gone (or only unreaped zombies).
      const gone = (pid: number) => {
        try {
          process.kill(pid, 0);
        } catch {
          return true;
        }
        try {
          return /^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
        } catch {
          return true;
        }
      };
      await expect.poll(() => tree.every(gone), { timeout: 15_000 }).toBe(true);

      second = await startAppServer({ HOLDOUT_DATA_DIR: dataDir });
      await page.goto(`${second.url}${sweepPath}`);
      await page.getByRole('heading', { name: /survives a restart/ }).waitFor();
      await page.getByRole('heading', { name: /completed/ }).waitFor({ timeout: 300_000 });
      const table = page.getByTestId('trials-table');
      expect(await table.getByText('succeeded', { exact: true }).count()).toBe(2);
      await page.getByText(/^Trial 1:$/).waitFor();
      await page.getByText(/Retried on run #\d+: Holdout restarted while this run was training/).waitFor();
    } finally {
      await second?.stop();
      // Killed: nothing left to stop but its folder.
      if (first.process.signalCode === null && first.process.exitCode === null) await first.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
