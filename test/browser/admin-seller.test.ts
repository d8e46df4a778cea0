import { describe, expect, it } from 'vitest';
import { horizontalOverflow, languageLeaks, newContext, realProblems, shot, signIn, useJourney, watchPage, type ViewportName } from './harness.js';

// Journey: the operator admin creates a seller organisation with an owner account; the owner signs in,
// lands in the seller center and cannot open the admin console (issue 3, browser tests).
const env = useJourney();


describe.each<ViewportName>(['desktop', 'phone'])('admin and new seller at %s width', (vp) => {
  const shopName = vp === 'desktop' ? '晨光文具旗舰店' : '晨光文具社区店';
  const ownerEmail = `owner-${vp}@example.com`;

  it('admin creates a seller organisation with its owner account', async () => {
    const ctx = await newContext(env.browser, vp);
    const page = await ctx.newPage();
    const watch = watchPage(page);

    // A guest opening the console is sent to sign-in, and comes back after it.
    await page.goto(`${env.url}/admin`);
    await page.waitForURL('**/login?next=%2Fadmin');
    await shot(page, 'admin-seller', '01-login', vp);
    await signIn(page, env.url, 'admin@shiji.test', undefined, '/admin');
    // The console opens on its first screen (the catalog); organisations are one click away.
    await page.waitForURL('**/admin/catalog/categories');
    await page.goto(`${env.url}/admin/organisations`);
    await page.getByTestId('org-row').first().waitFor();
    expect(await languageLeaks(page)).toEqual({ rawKeys: [], english: [] });
    await shot(page, 'admin-seller', '02-organisations', vp);

    await page.getByTestId('org-new').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^组织名称/).fill(shopName);
    await dialog.getByLabel(/^负责人姓名/).fill('周晨');
    await dialog.getByLabel(/^负责人邮箱/).fill(ownerEmail);
    await dialog.getByLabel(/^负责人手机号/).fill(vp === 'desktop' ? '13900000011' : '13900000012');
    await dialog.getByLabel(/^初始密码/).fill('chenguang-2026');
    await shot(page, 'admin-seller', '03-new-organisation', vp);
    await dialog.getByTestId('org-create-submit').click();

    await page.waitForURL(/\/admin\/organisations\/org_/);
    await page.getByRole('heading', { name: shopName }).waitFor();
    await page.getByTestId('account-row').filter({ hasText: '周晨' }).waitFor();
    expect(await page.getByTestId('account-row').filter({ hasText: '周晨' }).textContent()).toContain('店主');
    await shot(page, 'admin-seller', '04-organisation-created', vp);
    expect(realProblems(watch.problems)).toEqual([]);
    await ctx.close();
  });

  it('the new owner signs in, lands in the seller center and cannot open /admin', async () => {
    const ctx = await newContext(env.browser, vp);
    const page = await ctx.newPage();
    const watch = watchPage(page);

    await signIn(page, env.url, ownerEmail, 'chenguang-2026');
    // A seller center opens on its products; the shop profile is in the side navigation.
    await page.waitForURL('**/seller/products');
    await page.getByTestId('product-new').waitFor();
    await page.goto(`${env.url}/seller/org`);
    await page.getByTestId('org-name').waitFor();
    expect(await page.getByTestId('org-name').textContent()).toBe(shopName);
    expect(await languageLeaks(page)).toEqual({ rawKeys: [], english: [] });
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, 'admin-seller', '05-seller-center', vp);

    await page.goto(`${env.url}/seller/staff`);
    await page.getByTestId('account-row').first().waitFor();
    await shot(page, 'admin-seller', '06-seller-staff', vp);
    await page.goto(`${env.url}/seller/roles`);
    await page.getByTestId('role-row').first().waitFor();
    await shot(page, 'admin-seller', '07-seller-roles', vp);

    await page.goto(`${env.url}/admin`);
    await page.getByTestId('no-permission').waitFor();
    expect(page.url()).toBe(`${env.url}/admin`);
    expect(await page.getByText('商家中心').count()).toBeGreaterThan(0);
    expect(await languageLeaks(page)).toEqual({ rawKeys: [], english: [] });
    await shot(page, 'admin-seller', '08-admin-no-permission', vp);
    // The API refuses too: the page is only a courtesy.
    expect((await page.request.get(`${env.url}/api/admin/organisations`)).status()).toBe(403);

    await page.getByRole('link', { name: '前往商家中心' }).click();
    await page.waitForURL('**/seller/products');
    expect(realProblems(watch.problems)).toEqual([]);
    await ctx.close();
  });
});
