/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { generate } from 'otplib';
import { loadConfig } from '../../src/config.js';
import { openPlatform } from '../../src/bootstrap.js';
import { claimJobs, enqueue, failJob } from '../../src/platform/jobs/index.js';
import { horizontalOverflow, languageLeaks, newContext, realProblems, shot, signIn, signInQuickly, useJourney, watchPage,
  type ViewportName } from './harness.js';

// The other screens, at both widths: the admin console's accounts, roles, working calendar and jobs
// (a dead letter is retried), and a staff member turning on two-step verification and signing in with it.

/** A dead letter in the fresh database, so the jobs screen has something to retry. */
async function seedDeadLetter(dataDir: string): Promise<void> {
  const platform = await openPlatform(loadConfig({ SHIJI_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }));
  try {
    await platform.db.transaction(async (tx) => {
      for (const to of ['buyer1@example.com', 'buyer2@example.com']) {
        await enqueue(tx, { name: 'mail.send', payload: { to, template: 'order.shipped' }, maxAttempts: 1 });
      }
    });
    const jobs = await claimJobs(platform.db, { workerId: 'seed', names: ['mail.send'], limit: 10, leaseMs: 60_000 });
    for (const j of jobs) {
      await failJob(platform.db, { id: j.id, workerId: 'seed', attempt: j.attempts }, new Error('SMTP 550: mailbox unavailable'), { permanent: true });
    }
  } finally {
    await platform.database.close();
  }
}


const env = useJourney({ prepare: seedDeadLetter });

async function checkPage(page: Page, lang: 'zh' = 'zh') {
  const leaks = await languageLeaks(page);
  expect(leaks.rawKeys).toEqual([]);
  if (lang === 'zh') expect(leaks.english).toEqual([]);
}

describe.each<ViewportName>(['desktop', 'phone'])('admin console screens at %s width', (vp) => {
  it('accounts, roles, working calendar (month view, holidays, make-up days) and jobs with a dead-letter retry', async () => {
    const ctx = await newContext(env.browser, vp);
    const page = await ctx.newPage();
    const watch = watchPage(page);
    await signInQuickly(page, env.url, 'admin@shiji.test');

    await page.goto(`${env.url}/admin/accounts`);
    await page.getByTestId('account-row').first().waitFor();
    await checkPage(page);
    await shot(page, 'screens', '01-admin-accounts', vp);
    await page.getByRole('link', { name: '李掌柜' }).click();
    await page.getByRole('heading', { name: '李掌柜' }).waitFor();
    await page.getByText('seller1@shiji.test').waitFor();
    await checkPage(page);
    await shot(page, 'screens', '02-admin-account-detail', vp);

    await page.goto(`${env.url}/admin/roles`);
    await page.getByTestId('role-row').first().waitFor();
    await checkPage(page);
    await shot(page, 'screens', '03-admin-roles', vp);
    await page.getByRole('button', { name: '新建运营角色' }).click();
    await page.getByRole('dialog').getByLabel(/^角色标识/).fill('night_shift');
    await page.getByRole('dialog').getByLabel(/^中文名称/).fill('夜班值守');
    await page.getByRole('dialog').getByLabel(/^英文名称/).fill('Night shift');
    await page.getByRole('dialog').getByRole('checkbox', { name: /^查看组织/ }).check();
    await page.getByRole('dialog').getByRole('checkbox', { name: /^查询审计日志/ }).check();
    await shot(page, 'screens', '04-admin-new-role', vp);
    if (vp === 'desktop') {
      await page.getByRole('dialog').getByRole('button', { name: '创建' }).click();
      await page.getByTestId('role-row').filter({ hasText: '夜班值守' }).waitFor();
    } else {
      // The key is taken by the desktop run: the API's problem shows in the form.
      await page.getByRole('dialog').getByRole('button', { name: '创建' }).click();
      const alert = page.getByRole('dialog').getByRole('alert').filter({ hasText: '角色标识已被使用' });
      await alert.waitFor();
      // In Chinese, naming the key (data, marked translate="no"), not the API's English detail.
      expect(await alert.getByTestId('problem-detail').textContent()).toBe('角色标识 night_shift 已被使用，请换一个。');
      expect(await alert.locator('[data-testid="problem-detail"] code[translate="no"]').textContent()).toBe('night_shift');
      await checkPage(page);
      await shot(page, 'screens', '05-admin-role-key-taken', vp);
      await page.getByRole('dialog').getByRole('button', { name: '取消' }).click();
    }

    await page.goto(`${env.url}/admin/calendars`);
    await page.getByTestId('calendar-row').first().waitFor();
    await checkPage(page);
    await shot(page, 'screens', '06-admin-calendars', vp);
    await page.getByRole('link', { name: /^中国大陆/ }).click();
    await page.getByTestId('month-day').first().waitFor();
    // October 2026: National Day holidays and make-up working days.
    while ((await page.getByTestId('month-title').textContent()) !== '2026年10月') {
      const title = await page.getByTestId('month-title').textContent();
      await page.getByRole('button', { name: title! > '2026年10月' ? '上个月' : '下个月' }).click();
      await page.waitForFunction((t) => document.querySelector('[data-testid="month-title"]')?.textContent !== t, title);
    }
    await page.locator('[data-testid="month-day"][data-date="2026-10-01"]').waitFor();
    expect(await page.locator('[data-date="2026-10-01"]').getAttribute('data-working')).toBe('false');
    expect(await page.locator('[data-date="2026-10-01"]').getAttribute('data-kind')).toBe('holiday');
    await checkPage(page);
    await shot(page, 'screens', '07-admin-calendar-month', vp);

    // Mark a date: the month view follows.
    const day = vp === 'desktop' ? '2026-10-20' : '2026-10-21';
    await page.locator(`[data-date="${day}"]`).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^名称/).fill('公司年会');
    await shot(page, 'screens', '08-admin-calendar-day', vp);
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.locator(`[data-date="${day}"][data-kind="holiday"][data-working="false"]`).waitFor();
    await page.getByTestId('tab-days').click();
    await page.getByTestId('special-day').filter({ hasText: '公司年会' }).first().waitFor();
    await shot(page, 'screens', '09-admin-calendar-special-days', vp);
    await page.getByRole('tab', { name: '每周工作时间' }).click();
    await page.getByTestId('weekday-1').waitFor();
    await shot(page, 'screens', '10-admin-calendar-week', vp);

    await page.goto(`${env.url}/admin/jobs`);
    await page.locator('[data-testid="job-row"][data-status="dead"]').first().waitFor();
    expect(await page.getByTestId('job-row').count()).toBe(vp === 'desktop' ? 2 : 1);
    await checkPage(page);
    await page.getByRole('button', { name: '详情' }).first().click();
    await page.getByText('order.shipped').first().waitFor();
    await shot(page, 'screens', '11-admin-dead-letters', vp);
    await page.getByTestId('job-retry').first().click();
    await page.getByRole('dialog').getByLabel(/^原因/).fill('邮箱已修复');
    await page.getByTestId('job-action-confirm').click();
    await page.getByText('已重新排队').waitFor();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="job-row"]').length === n, vp === 'desktop' ? 1 : 0);
    await shot(page, 'screens', '12-admin-dead-letter-retried', vp);

    expect(realProblems(watch.problems, vp === 'phone' ? [409] : [])).toEqual([]);
    await ctx.close();
  });
});

describe.each<[ViewportName, string, string, string]>([['desktop', 'courier@shiji.test', '/delivery/org', '/delivery/org'],
  ['phone', 'seller2@shiji.test', '/seller/products', '/seller/org']])(
  'two-step verification at %s width', (vp, login, home, orgPage) => {
    it(`${login} turns on TOTP in my account, then signs in with password and code`, async () => {
      const ctx = await newContext(env.browser, vp);
      const page = await ctx.newPage();
      const watch = watchPage(page);
      await signIn(page, env.url, login);
      await page.waitForURL(`**${home}`);
      if (orgPage !== home) await page.goto(`${env.url}${orgPage}`);
      await page.getByTestId('org-name').waitFor();
      await checkPage(page);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await shot(page, 'totp', '01-portal', vp);

      await page.goto(`${env.url}${orgPage.replace('/org', '/account')}`);
      await page.getByTestId('totp-setup').click();
      await page.getByTestId('totp-qr').waitFor();
      const secret = (await page.getByTestId('totp-secret').textContent())!;
      expect(await page.getByTestId('totp-url').textContent()).toMatch(/^otpauth:\/\/totp\//);
      await checkPage(page);
      await shot(page, 'totp', '02-totp-setup', vp);
      await page.locator('input[aria-labelledby="totp-enable-label"], [aria-labelledby="totp-enable-label"] input').first().click();
      await page.keyboard.type(await generate({ secret }));
      await page.getByRole('button', { name: '开启两步验证' }).click();
      await page.getByTestId('totp-status').filter({ hasText: '已开启' }).waitFor();
      await shot(page, 'totp', '03-totp-on', vp);

      await page.getByTestId('user-menu').click();
      await page.getByTestId('sign-out').click();
      await page.waitForURL('**/login');
      await page.getByLabel(/^邮箱或手机号/).fill(login);
      await page.locator('input[type="password"]').fill('shiji-demo');
      await page.getByTestId('sign-in-submit').click();
      await page.getByText('动态验证码').first().waitFor();
      await shot(page, 'totp', '04-sign-in-code', vp);
      // The next 30-second step's code: the one used to turn TOTP on cannot be replayed.
      await page.locator('[aria-labelledby="totp-label"] input, input[aria-labelledby="totp-label"]').first().click();
      await page.keyboard.type(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
      await page.getByTestId('sign-in-submit').click();
      await page.waitForURL(`**${home}`);
      if (orgPage !== home) await page.goto(`${env.url}${orgPage}`);
      await page.getByTestId('org-name').waitFor();
      expect(realProblems(watch.problems)).toEqual([]);
      await ctx.close();
    });
  });
