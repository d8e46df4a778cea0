/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import { horizontalOverflow, languageLeaks, newContext, realProblems, shot, useJourney, watchPage, type ViewportName } from './harness.js';

// Journey: a consumer registers, signs out, signs in again and signs out (issue 3, browser tests).
const env = useJourney();


describe.each<ViewportName>(['desktop', 'phone'])('consumer at %s width', (vp) => {
  it('registers, signs out, signs in and out again; the storefront is Chinese and fits the screen', async () => {
    const ctx = await newContext(env.browser, vp);
    const page = await ctx.newPage();
    const watch = watchPage(page);
    const email = `buyer-${vp}@example.com`;

    await page.goto(`${env.url}/`);
    await page.getByTestId('home-title').waitFor();
    expect(await page.getByTestId('home-title').textContent()).toBe('欢迎来到市集');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await languageLeaks(page)).toEqual({ rawKeys: [], english: [] });
    await shot(page, 'consumer', '01-home-guest', vp);

    // Keyboard: the first Tab reaches the skip link, and focus is visible.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('跳到主要内容');
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none');

    await page.getByTestId('header-register').click();
    await page.waitForURL('**/register');
    // Client-side checks first: an empty form explains what is missing.
    await page.getByTestId('register-submit').click();
    await page.getByText('此项必填').first().waitFor();
    await page.getByLabel(/^姓名/).fill('林小满');
    await page.getByLabel(/^邮箱/).fill(email);
    await page.getByLabel(/^密码/).fill('market-2026');
    await page.getByLabel(/^确认密码/).fill('market-2026');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, 'consumer', '02-register', vp);
    await page.getByTestId('register-submit').click();

    await page.waitForURL(`${env.url}/`);
    await page.getByText('你好，林小满').waitFor();
    await shot(page, 'consumer', '03-home-signed-in', vp);

    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: '我的账户' }).click();
    await page.waitForURL('**/account');
    await page.getByRole('heading', { name: '我的账户' }).waitFor();
    await page.getByTestId('session-row').first().waitFor();
    expect(await page.getByText(email).count()).toBeGreaterThan(0);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await languageLeaks(page)).toEqual({ rawKeys: [], english: [] });
    await shot(page, 'consumer', '04-account', vp);

    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();
    await page.getByTestId('header-sign-in').waitFor();
    expect((await page.request.get(`${env.url}/api/auth/me`)).status()).toBe(401);

    // A wrong password shows the API's problem where the form is.
    await page.getByTestId('header-sign-in').click();
    await page.waitForURL('**/login');
    await page.getByLabel(/^邮箱或手机号/).fill(email);
    await page.locator('input[type="password"]').fill('not-my-password');
    await page.getByTestId('sign-in-submit').click();
    const alert = page.getByRole('alert').filter({ hasText: '账号或密码错误' });
    await alert.waitFor();
    // The whole alert is Chinese: the API's English `detail` is not shown, only the request id is Latin.
    const requestId = (await alert.locator('code').last().textContent())!;
    expect(requestId).toMatch(/^req_[0-9A-Z]+$/);
    const alertText = (await alert.innerText()).replace(requestId, '');
    expect(alertText).toMatch(/[\u4e00-\u9fff]/);
    expect(alertText).not.toMatch(/[A-Za-z]/);
    expect(await page.getByTestId('problem-detail').textContent()).toMatch(/^[^A-Za-z]*密码[^A-Za-z]*$/);
    expect(await languageLeaks(page)).toEqual({ rawKeys: [], english: [] });
    await shot(page, 'consumer', '05-login-wrong-password', vp);

    await page.locator('input[type="password"]').fill('market-2026');
    await page.getByTestId('sign-in-submit').click();
    await page.waitForURL(`${env.url}/`);
    await page.getByText('你好，林小满').waitFor();

    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();
    await page.getByTestId('header-sign-in').waitFor();
    expect(await page.getByTestId('home-title').textContent()).toBe('欢迎来到市集');
    await shot(page, 'consumer', '06-signed-out', vp);

    expect(realProblems(watch.problems)).toEqual([]);
    await ctx.close();
  });
});
