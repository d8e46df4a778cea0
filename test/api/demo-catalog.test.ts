import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

/** The demo shop `npm start` creates on a fresh embedded database (issue 4 item 8). */
let t: TestApp;
beforeAll(async () => { t = await createTestApp({}, { catalog: true }); });
afterAll(async () => { await t.close(); });

describe('demo catalog', () => {
  it('has a category tree with rules and a few hundred products of both demo sellers', async () => {
    const cats = (await t.call('GET', '/api/store/categories')).json().items as Array<{ name: string; leaf: boolean; parentId: string | null }>;
    expect(cats.filter((c) => c.parentId === null).map((c) => c.name)).toEqual(['茶叶', '茶具', '数码']);
    expect(cats.filter((c) => c.leaf).length).toBeGreaterThanOrEqual(8);
    const ids = new Set<string>();
    const sellers = new Set<string>();
    let cursor: string | null = null;
    do {
      const res: { items: Array<{ id: string; seller: { name: string } }>; nextCursor: string | null } = (await t.call('GET', `/api/store/products?limit=100${cursor ? `&cursor=${cursor}` : ''}`)).json();
      for (const p of res.items as Array<{ id: string; seller: { name: string } }>) { ids.add(p.id); sellers.add(p.seller.name); }
      cursor = res.nextCursor;
    } while (cursor);
    expect(ids.size).toBeGreaterThan(200);
    expect([...sellers].sort()).toEqual(['山河茶社', '青禾数码'].sort());
  });

  it('finds products by Chinese keywords and shows a complete product page', async () => {
    const res = (await t.call('GET', `/api/store/products?q=${encodeURIComponent('龙井')}`)).json();
    expect(res.items.length).toBeGreaterThan(0);
    expect(res.items.every((p: { title: string }) => p.title.includes('龙井'))).toBe(true);
    const page = (await t.call('GET', `/api/store/products/${res.items[0].id}`)).json();
    expect(page.skus.length).toBe(3);
    expect(page.skus.every((s: { price: unknown }) => s.price)).toBe(true);
    expect(page.shipping.baseFee.amount).toBe(1000);
    expect(page.qualityStandard).toMatchObject({ code: expect.stringContaining('GB/T') });
    const headphones = (await t.call('GET', `/api/store/products?q=${encodeURIComponent('耳机')}&limit=100`)).json();
    expect(headphones.items.length).toBeGreaterThan(10);
  });

  it('falls back to matching every character when a Chinese phrase finds nothing, and pages in that mode', async () => {
    const raw = await t.call('GET', `/api/store/products?q=${encodeURIComponent('紫砂壶')}&limit=3`);
    expect(raw.statusCode, raw.body).toBe(200);
    const res = raw.json();
    expect(res.items.length).toBe(3);
    expect(res.nextCursor).not.toBeNull();
    expect(res.items.every((p: { title: string }) => ['紫', '砂', '壶'].every((c) => p.title.includes(c)))).toBe(true);
    const nextRaw = await t.call('GET', `/api/store/products?q=${encodeURIComponent('紫砂壶')}&limit=3&cursor=${res.nextCursor}`);
    expect(nextRaw.statusCode, nextRaw.body).toBe(200);
    const next = nextRaw.json();
    expect(next.items.length).toBeGreaterThan(0);
    expect(next.items.map((p: { id: string }) => p.id)).not.toContain(res.items[0].id);
    expect((await t.call('GET', `/api/store/products?q=${encodeURIComponent('火星人')}`)).json().items).toEqual([]);
  });

  it('treats values of one attribute as alternatives and gives parent categories their children\'s filters', async () => {
    const cats = (await t.call('GET', '/api/store/categories')).json().items as Array<{ id: string; name: string; filters: Array<{ key: string; options: string[] }> }>;
    const tea = cats.find((c) => c.name === '茶叶')!;
    expect(tea.filters.map((f) => f.key)).toEqual(expect.arrayContaining(['origin', 'grade']));
    const one = (await t.call('GET', `/api/store/products?categoryId=${tea.id}&attr=origin:${encodeURIComponent('浙江杭州')}&limit=100`)).json().items.length;
    const other = (await t.call('GET', `/api/store/products?categoryId=${tea.id}&attr=origin:${encodeURIComponent('福建安溪')}&limit=100`)).json().items.length;
    const both = (await t.call('GET', `/api/store/products?categoryId=${tea.id}&attr=origin:${encodeURIComponent('浙江杭州')}&attr=origin:${encodeURIComponent('福建安溪')}&limit=100`)).json().items.length;
    expect(one).toBeGreaterThan(0);
    expect(other).toBeGreaterThan(0);
    expect(both).toBe(one + other);
  });

  it('leaves work in the review queue for the content reviewer', async () => {
    const admin = await t.login('admin@shiji.test');
    const queue = (await t.call('GET', '/api/admin/catalog/reviews', { token: admin })).json();
    expect(queue.items.length).toBeGreaterThan(0);
  });
});

describe('demo queues', () => {
  it('leaves pending price changes and a flagged listing for the operator', async () => {
    const admin = await t.login('admin@shiji.test');
    const pending = (await t.call('GET', '/api/admin/catalog/price-changes?status=pending', { token: admin })).json().items;
    expect(pending.length).toBe(2);
    const flagged = (await t.call('GET', '/api/admin/catalog/reviews?flagged=true', { token: admin })).json().items;
    expect(flagged.map((x: { flags: Array<{ term: string }> }) => x.flags.map((f) => f.term)).flat()).toContain('国家免检');
  });
});
