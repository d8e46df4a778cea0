/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { describe, expect, it } from 'vitest';
import { languageLeaks, newContext, realProblems, shot, signIn, useJourney, watchPage, type ViewportName } from './harness.js';

// Journey: the audit viewer shows the admin's own actions and the hash chain verifies (issue 3).
const env = useJourney();


describe.each<ViewportName>(['desktop', 'phone'])('audit viewer at %s width', (vp) => {
  it('shows what the admin just did, filters to their actions, and verifies the chain', async () => {
    const ctx = await newContext(env.browser, vp);
    const page = await ctx.newPage();
    const watch = watchPage(page);
    const newName = vp === 'desktop' ? '青禾数码（旗舰店）' : '青禾数码（社区店）';

    await signIn(page, env.url, 'admin@shiji.test');
    await page.waitForURL('**/admin/catalog/categories');
    await page.goto(`${env.url}/admin/organisations`);
    // An action worth auditing: rename an organisation.
    await page.getByRole('link', { name: /^青禾数码/ }).click();
    await page.waitForURL(/\/admin\/organisations\/org_/);
    await page.getByLabel(/^组织名称/).fill(newName);
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('heading', { name: newName }).waitFor();

    await page.goto(`${env.url}/admin/audit`);
    await page.locator('[data-testid="audit-row"][data-action="org.updated"]').first().waitFor();
    const row = page.locator('[data-testid="audit-row"][data-action="org.updated"]').first();
    expect(await row.textContent()).toContain('王运营（我）');
    expect(await row.textContent()).toContain('修改组织');
    expect(await page.locator('[data-testid="audit-row"][data-action="auth.login_succeeded"]').count()).toBeGreaterThan(0);
    expect(await languageLeaks(page)).toEqual({ rawKeys: [], english: [] });
    await shot(page, 'audit', '01-audit-trail', vp);

    // Filter: only my actions on organisations.
    await page.getByRole('button', { name: '只看我的操作' }).click();
    await page.getByTestId('audit-resource-type').click();
    await page.getByRole('option', { name: '组织', exact: true }).click();
    await page.getByTestId('audit-apply').click();
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid="audit-row"]')];
      return rows.length > 0 && rows.every((r) => r.getAttribute('data-action')?.startsWith('org.'));
    });
    expect(await page.getByTestId('audit-row').count()).toBe(vp === 'desktop' ? 1 : 2); // one rename per journey so far
    // Details of an entry: what changed and its hash.
    await page.getByRole('button', { name: '详情' }).first().click();
    await page.getByText(newName, { exact: false }).first().waitFor();
    await shot(page, 'audit', '02-audit-filtered', vp);

    await page.getByTestId('audit-verify').click();
    const result = page.getByTestId('audit-verify-result');
    await result.waitFor();
    expect(await result.getAttribute('data-ok')).toBe('true');
    expect(await result.textContent()).toContain('审计链完整');
    await shot(page, 'audit', '03-chain-verified', vp);

    expect(realProblems(watch.problems)).toEqual([]);
    await ctx.close();
  });
});
