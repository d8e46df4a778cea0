/// <reference lib="dom" />
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { languageLeaks, newContext, realProblems, shot, signIn, useJourney, watchPage, type ViewportName } from './harness.js';

// The trade loop of issue 5 as people do it: a guest fills a cart from both demo sellers, signs in (the
// cart merges), confirms the complete offer, pays on the sandbox provider's page and sees one order per
// seller; each seller confirms its order; the admin sees the ledger balanced and a settlement statement.
const env = useJourney();
const J = 'trade';

const problems = (w: { problems: string[] }) => realProblems(w.problems).filter((p) => !/net::ERR_ABORTED$/.test(p));

async function snap(page: Page, name: string, vp: ViewportName = 'desktop') {
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, J, name, vp);
}

/** One in-stock product of each demo seller (the storefront API, as the home page would list them). */
async function oneProductPerSeller(page: Page): Promise<Array<{ id: string; seller: string }>> {
  const res = await page.request.get(`${env.url}/api/store/products?limit=100&inStock=true`);
  const items = (await res.json()).items as Array<{ id: string; seller: { id: string; name: string } }>;
  const bySeller = new Map<string, { id: string; seller: string }>();
  for (const p of items) if (!bySeller.has(p.seller.id)) bySeller.set(p.seller.id, { id: p.id, seller: p.seller.name });
  return [...bySeller.values()].slice(0, 2);
}

const made = { orderNumbers: [] as string[] };

describe('trade loop in the browser', () => {
  let guest: BrowserContext;

  it('a guest fills a cart from both sellers, signs in, confirms the offer, pays in the sandbox and sees two orders', async () => {
    guest = await newContext(env.browser, 'desktop');
    const page = await guest.newPage();
    const watch = watchPage(page);
    const products = await oneProductPerSeller(page);
    expect(products).toHaveLength(2);
    for (const p of products) {
      await page.goto(`${env.url}/p/${p.id}`);
      await page.getByTestId('add-to-cart').click();
      await page.getByTestId('header-cart-count').filter({ hasText: String(products.indexOf(p) + 1) }).waitFor();
    }
    await page.goto(`${env.url}/cart`);
    await expect.poll(() => page.getByTestId('cart-group').count()).toBe(2);
    expect(await languageLeaks(page)).toEqual({ rawKeys: [], english: [] });
    await snap(page, '01-guest-cart');

    // Checkout needs a consumer: sign in and come back; the guest cart merges into the consumer's.
    await page.getByTestId('cart-checkout').click();
    await page.waitForURL((u) => u.pathname.startsWith('/login'));
    await page.getByLabel('邮箱或手机号').fill('consumer@shiji.test');
    await page.locator('input[type="password"]').fill('shiji-demo');
    await page.getByTestId('sign-in-submit').click();
    await page.waitForURL((u) => u.pathname === '/checkout');

    // A first address, added in the checkout itself (with no address yet the form is open).
    await page.getByTestId('checkout-page').waitFor();
    await page.getByTestId('address-recipient').waitFor();
    await page.getByTestId('address-recipient').fill('张三');
    await page.getByTestId('address-phone').fill('13800000005');
    await page.getByTestId('address-province').fill('浙江省');
    await page.getByTestId('address-city').fill('杭州市');
    await page.getByTestId('address-district').fill('西湖区');
    await page.getByTestId('address-detail').fill('文三路 90 号 3 幢 501 室');
    await page.getByTestId('address-save').click();

    // The complete offer: both sellers, every line, delivery fees, total; confirming needs the explicit tick.
    await expect.poll(() => page.getByTestId('offer-group').count(), { timeout: 15_000 }).toBe(2);
    expect(await page.getByTestId('offer-line').count()).toBeGreaterThanOrEqual(2);
    await expect.poll(() => page.getByTestId('checkout-total').innerText()).toMatch(/¥[\d,]+\.\d{2}/);
    expect(await page.getByTestId('checkout-confirm').isDisabled()).toBe(true);
    await snap(page, '02-offer');
    await page.getByTestId('checkout-accept').check();
    await page.getByTestId('checkout-confirm').click();

    // The sandbox provider's own page (outside the web app).
    await page.waitForURL((u) => u.pathname === '/sandbox-pay/pay');
    await snap(page, '03-sandbox-pay');
    await page.locator('#payer').fill('13800000005');
    await page.locator('button[value="pay"]').click();

    // Back at the shop: the result page asks the provider and shows one paid order per seller.
    await page.waitForURL((u) => u.pathname === '/checkout/result');
    await expect.poll(() => page.getByTestId('result-order').count(), { timeout: 20_000 }).toBe(2);
    await snap(page, '04-result');

    await page.goto(`${env.url}/account/orders`);
    await expect.poll(() => page.getByTestId('order-card').count()).toBe(2);
    const statuses = await page.getByTestId('order-status').allInnerTexts();
    expect(statuses.every((s) => /已支付|待确认|待商家确认/.test(s)), statuses.join(',')).toBe(true);
    made.orderNumbers = await page.getByTestId('order-number').allInnerTexts();
    await snap(page, '05-my-orders');
    await page.getByTestId('order-card-link').first().click();
    await page.getByTestId('order-confirm-due').first().waitFor();
    await page.getByTestId('payment-provider-ref').first().waitFor();
    await snap(page, '06-order-detail');
    expect(problems(watch)).toEqual([]);
  });

  for (const seller of ['seller1', 'seller2'] as const) {
    it(`${seller} confirms its order after the confirmation check`, async () => {
      const ctx = await newContext(env.browser, 'desktop');
      const page = await ctx.newPage();
      const watch = watchPage(page);
      await signIn(page, env.url, `${seller}@shiji.test`);
      await page.goto(`${env.url}/seller/orders`);
      const row = page.getByTestId('order-row').first();
      await row.waitFor();
      expect(await page.getByTestId('order-row').count()).toBe(1);
      await snap(page, `07-${seller}-orders`);
      await page.getByTestId('order-link').first().click();
      await page.getByTestId('order-check').waitFor();
      await page.getByTestId('order-confirm').click();
      // Confirming may ask once more in a dialog.
      const dialogConfirm = page.getByRole('dialog').getByRole('button', { name: /确认/ });
      if (await dialogConfirm.isVisible().catch(() => false)) await dialogConfirm.click();
      await expect.poll(() => page.getByTestId('order-status').first().innerText(), { timeout: 15_000 }).toMatch(/已确认/);
      await snap(page, `08-${seller}-confirmed`);
      expect(problems(watch)).toEqual([]);
      await ctx.close();
    });
  }

  it('the admin sees the ledger balanced and a settlement statement for each seller', async () => {
    const ctx = await newContext(env.browser, 'desktop');
    const page = await ctx.newPage();
    const watch = watchPage(page);
    await signIn(page, env.url, 'admin@shiji.test');
    await page.goto(`${env.url}/admin/finance/ledger`);
    await page.getByTestId('trial-balance-total').waitFor();
    expect(await page.getByTestId('trial-balance-total').innerText()).toMatch(/¥0\.00/);
    await page.getByTestId('trial-balance-badge').waitFor();
    await snap(page, '09-trial-balance');
    // Statements for today so far (the page's period picker does the same call).
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 8 * 3600_000 + 86400_000).toISOString().slice(0, 10);
    const gen = await page.request.post(`${env.url}/api/admin/settlements/statements`, { data: { from: today, to: tomorrow } });
    expect(gen.status(), await gen.text()).toBe(201);
    await page.goto(`${env.url}/admin/finance/statements`);
    await expect.poll(() => page.getByTestId('statement-row').count()).toBe(2);
    const nets = await page.getByTestId('statement-net').allInnerTexts();
    expect(nets.every((n) => /¥[\d,]+\.\d{2}/.test(n) && !/¥0\.00/.test(n)), nets.join(',')).toBe(true);
    await snap(page, '10-statements');
    await page.goto(`${env.url}/admin/trade/orders`);
    await expect.poll(() => page.getByTestId('order-row').count()).toBeGreaterThanOrEqual(2);
    await snap(page, '11-admin-orders');
    expect(problems(watch)).toEqual([]);
    await ctx.close();
    await guest.close();
  });
});
