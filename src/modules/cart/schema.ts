import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = () => timestamp({ withTimezone: true, mode: 'date' });
const created = () => ts().notNull().defaultNow();

/**
 * Shopping carts (PL-CHK-01). A signed-in consumer has at most one active cart (persisted across
 * sessions and devices); a guest cart is found by the hash of its cart token and merged into the
 * consumer's cart at sign-in.
 */
export const cart = pgTable('cart_cart', {
  id: text().primaryKey(),
  accountId: text(),
  guestTokenHash: text(),
  status: text().$type<'active' | 'merged'>().notNull().default('active'),
  mergedInto: text(),
  createdAt: created(),
  updatedAt: created(),
}, (t) => [
  uniqueIndex('cart_cart_one_active_per_account').on(t.accountId).where(sql`${t.status} = 'active' and ${t.accountId} is not null`),
  uniqueIndex('cart_cart_guest_token').on(t.guestTokenHash).where(sql`${t.guestTokenHash} is not null`),
  index().on(t.updatedAt),
]);

/** One SKU in a cart; the price seen when it was added is kept so the cart can say when it changed. */
export const cartLine = pgTable('cart_line', {
  id: text().primaryKey(),
  cartId: text().notNull().references(() => cart.id),
  skuId: text().notNull(),
  productId: text().notNull(),
  sellerId: text().notNull(),
  quantity: integer().notNull(),
  priceWhenAdded: bigint({ mode: 'number' }),
  selected: text().$type<'yes' | 'no'>().notNull().default('yes'),
  createdAt: created(),
  updatedAt: created(),
}, (t) => [
  uniqueIndex().on(t.cartId, t.skuId),
  check('cart_line_quantity_check', sql`${t.quantity} between 1 and 9999`),
]);
