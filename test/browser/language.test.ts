import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { horizontalOverflow, languageLeaks, newContext, realProblems, shot, signIn, useJourney, watchPage, type ViewportName } from './harness.js';

// Journey: the language switch turns the page to English and back; the choice is remembered (issue 3).
const env = useJourney();


async function pick(page: Page, language: '简体中文' | 'English') {
  await page.getByTestId('language-switch').click();
  await page.getByRole('menuitem', { name: language }).click();
}

describe.each<ViewportName>(['desktop', 'phone'])('language switch at %s width', (vp) => {
  it('switches the storefront and the seller center to English and back to Chinese', async () => {
    const ctx = await newContext(env.browser, vp);
    const page = await ctx.newPage();
    const watch = watchPage(page);

    await page.goto(`${env.url}/`);
    await page.getByTestId('home-title').waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.getByTestId('home-title').textContent()).toBe('欢迎来到市集');
    await shot(page, 'language', '01-home-zh', vp);

    await pick(page, 'English');
    await page.getByText('Welcome to Shiji').waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.title()).toBe('Shiji 市集');
    expect((await languageLeaks(page)).rawKeys).toEqual([]);
    expect(await page.locator('body').innerText()).not.toMatch(/工作人员|注册|登录/);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, 'language', '02-home-en', vp);

    // Remembered across reloads and pages.
    await page.reload();
    await page.getByText('Welcome to Shiji').waitFor();
    await signIn(page, env.url, 'seller1@shiji.test');
    await page.waitForURL('**/seller/products');
    await page.goto(`${env.url}/seller/org`);
    await page.getByRole('heading', { name: 'Organisation' }).waitFor();
    await page.getByTestId('org-name').waitFor();
    expect((await languageLeaks(page)).rawKeys).toEqual([]);
    await shot(page, 'language', '03-seller-en', vp);

    await pick(page, '简体中文');
    await page.getByRole('heading', { name: '组织资料' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await languageLeaks(page)).toEqual({ rawKeys: [], english: [] });
    await shot(page, 'language', '04-seller-zh', vp);

    await page.reload();
    await page.getByRole('heading', { name: '组织资料' }).waitFor();
    expect(realProblems(watch.problems)).toEqual([]);
    await ctx.close();
  });
});
