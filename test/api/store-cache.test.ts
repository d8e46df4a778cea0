import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicCache } from '../../src/platform/cache/public-cache.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

/**
 * The storefront's short-lived answer cache (issue 6): repeated public reads are served from memory,
 * and a change the storefront shows is visible on the very next request (PL-PRC-05, MS-CAT-04),
 * because committing it clears the cache; only changes made behind the platform's back wait for the TTL.
 */
let t: TestApp;
// A TTL far longer than the test: only the change signal can make a change visible.
beforeAll(async () => { t = await createTestApp({ storeCacheMs: 60_000 }, { catalog: true }); });
afterAll(async () => { await t.close(); });

type Card = { id: string; title: string; seller: { id: string; name: string } };

describe('storefront answer cache', () => {
  it('serves a repeated category page, search and product page from the cache, byte for byte', async () => {
    for (const url of ['/api/store/products?limit=20', `/api/store/products?q=${encodeURIComponent('绿茶')}&limit=20`, '/api/store/categories']) {
      const first = await t.call('GET', url);
      const second = await t.call('GET', url);
      expect(first.statusCode).toBe(200);
      expect(first.headers['x-shiji-cache']).toBe('miss');
      expect(second.headers['x-shiji-cache']).toBe('hit');
      expect(second.body).toBe(first.body);
      expect(second.headers['content-type']).toMatch(/^application\/json/);
    }
  });

  it('shows a seller taking a product off shelf on the next request, on listing and product page', async () => {
    const seller1 = await t.login('seller1@shiji.test');
    const me = (await t.call('GET', '/api/auth/me', { token: seller1 })).json();
    const list = (await t.call('GET', `/api/store/products?sellerId=${me.org.id}&limit=5`)).json().items as Card[];
    const target = list[0]!;
    expect((await t.call('GET', `/api/store/products/${target.id}`)).statusCode).toBe(200);
    expect((await t.call('GET', `/api/store/products/${target.id}`)).headers['x-shiji-cache']).toBe('hit');
    const off = await t.call('POST', `/api/seller/products/${target.id}/off-shelf`, { token: seller1, body: { reason: '暂时缺货' } });
    expect(off.statusCode, off.body).toBe(200);
    expect((await t.call('GET', `/api/store/products/${target.id}`)).statusCode).toBe(404);
    const after = (await t.call('GET', `/api/store/products?sellerId=${me.org.id}&limit=5`)).json().items as Card[];
    expect(after.map((c) => c.id)).not.toContain(target.id);
  });

  it('hides a suspended seller at once', async () => {
    const admin = await t.login('admin@shiji.test');
    const cards = (await t.call('GET', '/api/store/products?limit=100')).json().items as Card[];
    const seller = cards[0]!.seller;
    expect((await t.call('GET', '/api/store/products?limit=100')).headers['x-shiji-cache']).toBe('hit');
    expect((await t.call('PATCH', `/api/admin/organisations/${seller.id}`, { token: admin, body: { status: 'suspended' } })).statusCode).toBe(200);
    const now = (await t.call('GET', '/api/store/products?limit=100')).json().items as Card[];
    expect(now.some((c) => c.seller.id === seller.id)).toBe(false);
    expect((await t.call('PATCH', `/api/admin/organisations/${seller.id}`, { token: admin, body: { status: 'active' } })).statusCode).toBe(200);
    expect(((await t.call('GET', '/api/store/products?limit=100')).json().items as Card[]).some((c) => c.seller.id === seller.id)).toBe(true);
  });

  it('does not cache problems', async () => {
    const missing = await t.call('GET', '/api/store/products/prd_00000000000000000000000000');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/problem\+json/);
    expect(missing.headers['x-shiji-cache']).toBeUndefined();
  });
});

describe('storefront answer cache, changes behind the platform\'s back', () => {
  let short: TestApp;
  beforeAll(async () => { short = await createTestApp({ storeCacheMs: 300 }, { catalog: true }); });
  afterAll(async () => { await short.close(); });

  it('keeps an answer at most its TTL', async () => {
    const url = '/api/store/products?limit=1';
    const card = (await short.call('GET', url)).json().items[0] as Card;
    await short.platform.db.execute(sql`update catalog_product set live_title = '改名的商品' where id = ${card.id}`);
    expect(((await short.call('GET', url)).json().items[0] as Card).title).toBe(card.title);
    await new Promise((r) => setTimeout(r, 400));
    expect(((await short.call('GET', url)).json().items[0] as Card).title).toBe('改名的商品');
  });
});

describe('public cache', () => {
  it('does not keep an answer computed before a change committed, and stays within its byte budget', async () => {
    const db = {} as never;
    const c = createPublicCache(db, { ttlMs: 1_000, maxBytes: 4_000 });
    const before = c.generation();
    c.clear(); // a change committed while the answer was being computed
    c.set('a', 'old', before);
    expect(c.get('a')).toBeUndefined();
    // Six answers of 800 bytes (UTF-16) do not fit in 4,000: the oldest make room for the newest.
    for (const k of ['a', 'b', 'c', 'd', 'e', 'f']) c.set(k, k.repeat(400), c.generation());
    expect(c.get('a')).toBeUndefined();
    expect(c.get('f')).toBe('f'.repeat(400));
    expect(c.stats().bytes).toBeLessThanOrEqual(4_000);
    // One answer bigger than a quarter of the budget is not kept at all.
    c.set('huge', 'h'.repeat(600), c.generation());
    expect(c.get('huge')).toBeUndefined();
    c.close();
  });
});
