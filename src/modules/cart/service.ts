import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '@/platform/db/client.js';
import { newId } from '@/platform/db/ids.js';
import { organisationNameSql } from '@/modules/identity/index.js';
import { LOW_STOCK_SHOWN, sellableSkus, shippingFee, shippingRulesFor, type SellableSku } from '@/modules/catalog/index.js';
import { availabilityForSkus } from '@/modules/inventory/index.js';
import { MAX_CART_LINES, MAX_LINE_QUANTITY, type CartOut, type CartLineOut } from './contract.js';
import { CartFull, LineNotInCart, QuantityTooLarge, SkuUnavailable } from './errors.js';
import { cart, cartLine } from './schema.js';
import { money } from '@/platform/db/money.js';

type CartRow = typeof cart.$inferSelect;
type LineRow = typeof cartLine.$inferSelect;

/** Whose cart: a signed-in consumer's, or a guest's (by the hash of the guest cart token). */
export type CartOwner = { kind: 'account'; accountId: string } | { kind: 'guest'; tokenHash: string };


const activeCartOf = (owner: CartOwner) => (owner.kind === 'account'
  ? and(eq(cart.accountId, owner.accountId), eq(cart.status, 'active'))
  : and(eq(cart.guestTokenHash, owner.tokenHash), eq(cart.status, 'active')));

/** The owner's active cart, or null when it has none yet. */
export async function findCart(q: Queryable, owner: CartOwner): Promise<CartRow | null> {
  const [c] = await q.select().from(cart).where(activeCartOf(owner));
  return c ?? null;
}

/** The owner's active cart, created when missing. Safe under concurrency: a duplicate insert loses to the unique index and re-reads. */
export async function ensureCart(tx: Tx, owner: CartOwner): Promise<{ cart: CartRow; created: boolean }> {
  const found = await findCart(tx, owner);
  if (found) return { cart: found, created: false };
  const [c] = await tx.insert(cart).values({ id: newId('cart'), accountId: owner.kind === 'account' ? owner.accountId : null,
    guestTokenHash: owner.kind === 'guest' ? owner.tokenHash : null }).onConflictDoNothing().returning();
  if (c) return { cart: c, created: true };
  return { cart: (await findCart(tx, owner))!, created: false };
}

async function lockedLines(tx: Tx, cartId: string): Promise<LineRow[]> {
  // Locking the cart row serialises changes of one cart (two tabs adding at once cannot lose a line).
  await tx.select({ id: cart.id }).from(cart).where(eq(cart.id, cartId)).for('update');
  return tx.select().from(cartLine).where(eq(cartLine.cartId, cartId));
}

/** Adds units of a SKU that is on sale now; the line's quantity grows, capped at MAX_LINE_QUANTITY (refused beyond). */
export async function addToCart(tx: Tx, owner: CartOwner, input: { skuId: string; quantity: number }):
  Promise<{ cart: CartRow; created: boolean; sku: SellableSku }> {
  const sku = (await sellableSkus(tx, [input.skuId])).get(input.skuId);
  if (!sku || !sku.price) throw new SkuUnavailable(input.skuId);
  // An existing cart is locked (as lockedLines does) and touched in one statement; a new one takes the long way.
  const [touched] = await tx.update(cart).set({ updatedAt: new Date() }).where(activeCartOf(owner)).returning();
  const res = touched ? { cart: touched, created: false } : await ensureCart(tx, owner);
  const lines = touched ? await tx.select().from(cartLine).where(eq(cartLine.cartId, touched.id)) : await lockedLines(tx, res.cart.id);
  const existing = lines.find((l) => l.skuId === input.skuId);
  if (!existing && lines.length >= MAX_CART_LINES) throw new CartFull(MAX_CART_LINES);
  const quantity = (existing?.quantity ?? 0) + input.quantity;
  if (quantity > MAX_LINE_QUANTITY) throw new QuantityTooLarge(input.skuId, MAX_LINE_QUANTITY);
  if (existing) {
    await tx.update(cartLine).set({ quantity, selected: 'yes', updatedAt: new Date() }).where(eq(cartLine.id, existing.id));
  } else {
    await tx.insert(cartLine).values({ id: newId('cln'), cartId: res.cart.id, skuId: sku.skuId, productId: sku.productId, sellerId: sku.sellerId,
      quantity, priceWhenAdded: sku.price.retail });
  }
  if (!touched) await touch(tx, res.cart.id);
  return { ...res, sku };
}

async function touch(tx: Tx, cartId: string) {
  await tx.update(cart).set({ updatedAt: new Date() }).where(eq(cart.id, cartId));
}

/** Changes quantity or selection of a line in the owner's cart. */
export async function updateCartLine(tx: Tx, owner: CartOwner, skuId: string, patch: { quantity?: number | undefined; selected?: boolean | undefined }): Promise<void> {
  const c = await findCart(tx, owner);
  const line = c ? (await lockedLines(tx, c.id)).find((l) => l.skuId === skuId) : undefined;
  if (!c || !line) throw new LineNotInCart(skuId);
  await tx.update(cartLine).set({
    ...(patch.quantity !== undefined ? { quantity: patch.quantity } : {}),
    ...(patch.selected !== undefined ? { selected: patch.selected ? 'yes' as const : 'no' as const } : {}),
    updatedAt: new Date(),
  }).where(eq(cartLine.id, line.id));
  await touch(tx, c.id);
}

/** Removes a line from the owner's cart. */
export async function removeCartLine(tx: Tx, owner: CartOwner, skuId: string): Promise<void> {
  const c = await findCart(tx, owner);
  const removed = c ? await tx.delete(cartLine).where(and(eq(cartLine.cartId, c.id), eq(cartLine.skuId, skuId))).returning({ id: cartLine.id }) : [];
  if (!c || removed.length === 0) throw new LineNotInCart(skuId);
  await touch(tx, c.id);
}

/**
 * Moves a guest cart's lines into the consumer's cart (at sign-in, PL-CHK-01): quantities of the same
 * SKU add up (capped at MAX_LINE_QUANTITY), the guest cart is marked merged. Idempotent: merging a
 * merged or unknown guest cart changes nothing. Returns how many lines were moved.
 */
export async function mergeGuestCart(tx: Tx, guestTokenHash: string, accountId: string): Promise<number> {
  const guest = await findCart(tx, { kind: 'guest', tokenHash: guestTokenHash });
  if (!guest) return 0;
  const [locked] = await tx.select().from(cart).where(and(eq(cart.id, guest.id), eq(cart.status, 'active'))).for('update');
  if (!locked) return 0;
  const guestLines = await tx.select().from(cartLine).where(eq(cartLine.cartId, guest.id)).orderBy(asc(cartLine.createdAt));
  const { cart: mine } = await ensureCart(tx, { kind: 'account', accountId });
  const lines = await lockedLines(tx, mine.id);
  let moved = 0;
  for (const g of guestLines) {
    const existing = lines.find((l) => l.skuId === g.skuId);
    if (existing) {
      await tx.update(cartLine).set({ quantity: Math.min(MAX_LINE_QUANTITY, existing.quantity + g.quantity), updatedAt: new Date() })
        .where(eq(cartLine.id, existing.id));
    } else {
      if (lines.length + moved >= MAX_CART_LINES) break;
      await tx.insert(cartLine).values({ ...g, id: newId('cln'), cartId: mine.id, updatedAt: new Date() });
    }
    moved += 1;
  }
  await tx.delete(cartLine).where(eq(cartLine.cartId, guest.id));
  await tx.update(cart).set({ status: 'merged', mergedInto: mine.id, guestTokenHash: null, updatedAt: new Date() }).where(eq(cart.id, guest.id));
  await touch(tx, mine.id);
  return moved;
}

/** A priced line of a cart, as checkout needs it. */
export type PricedLine = { line: LineRow; sku: SellableSku | null; available: number; problem: CartLineOut['problem'];
  /** The current name of the line's seller (read with the line). */
  sellerName: string | null };

/** Every line of a cart with its current sale data and availability (two queries for any number of lines). */
export async function pricedLines(q: Queryable, cartId: string, known?: ReadonlyMap<string, SellableSku>): Promise<PricedLine[]> {
  const lines = await q.select({ line: cartLine, sellerName: organisationNameSql(cartLine.sellerId) }).from(cartLine).where(eq(cartLine.cartId, cartId))
    .orderBy(asc(cartLine.createdAt), asc(cartLine.id));
  return priceLines(q, lines, known);
}

/**
 * The lines of the owner's active cart, priced as pricedLines does, with the cart read in the same
 * statement as its lines (cartId null when the owner has no active cart or it has no lines).
 */
export async function pricedCartLines(q: Queryable, owner: CartOwner): Promise<{ cartId: string | null; priced: PricedLine[] }> {
  const lines = await q.select({ line: cartLine, sellerName: organisationNameSql(cartLine.sellerId) }).from(cartLine).innerJoin(cart, eq(cart.id, cartLine.cartId))
    .where(and(owner.kind === 'account' ? eq(cart.accountId, owner.accountId) : eq(cart.guestTokenHash, owner.tokenHash), eq(cart.status, 'active')))
    .orderBy(asc(cartLine.createdAt), asc(cartLine.id));
  return { cartId: lines[0]?.line.cartId ?? null, priced: await priceLines(q, lines) };
}

/** `known`: sale data of SKUs already read in this transaction (not read again). */
async function priceLines(q: Queryable, rows: Array<{ line: LineRow; sellerName: string | null }>, known?: ReadonlyMap<string, SellableSku>):
  Promise<PricedLine[]> {
  const ids = rows.map((r) => r.line.skuId);
  const [skus, stock] = await Promise.all([sellableSkus(q, known ? ids.filter((id) => !known.has(id)) : ids), availabilityForSkus(q, ids)]);
  for (const id of ids) if (known?.has(id)) skus.set(id, known.get(id)!);
  return rows.map(({ line, sellerName }) => {
    const sku = skus.get(line.skuId) ?? null;
    const available = stock.get(line.skuId)?.available ?? 0;
    const problem = !sku ? 'unavailable' as const : !sku.price ? 'no_price' as const : available < line.quantity ? 'insufficient_stock' as const : null;
    return { line, sku, available, problem, sellerName };
  });
}

/** The cart as the consumer sees it: lines grouped by seller with current prices, availability, delivery fee and totals (`known`: SKUs read in this transaction). */
export async function viewCart(q: Queryable, c: CartRow | null, known?: ReadonlyMap<string, SellableSku>): Promise<CartOut> {
  const empty = { id: c?.id ?? null, groups: [], goodsAmount: money(0), shippingFee: money(0), total: money(0), selectedUnits: 0, lineCount: 0 };
  if (!c) return empty;
  const priced = await pricedLines(q, c.id, known);
  if (priced.length === 0) return empty;
  const sellerIds = [...new Set(priced.map((p) => p.line.sellerId))];
  // Seller names came with the lines.
  const names = new Map(priced.map((p) => [p.line.sellerId, { name: p.sellerName ?? '' }]));
  const groups: CartOut['groups'] = [];
  let goods = 0, ship = 0, units = 0;
  for (const sellerId of sellerIds) {
    const mine = priced.filter((p) => p.line.sellerId === sellerId);
    const lines: CartLineOut[] = mine.map(({ line, sku, available, problem }) => {
      const unit = sku?.price?.retail ?? null;
      return {
        skuId: line.skuId, productId: line.productId, title: sku?.title ?? '', specification: sku?.specification ?? '',
        imageUrl: sku?.imageId ? `/media/${sku.imageId}` : null, salesUnit: sku?.salesUnit ?? {}, quantity: line.quantity,
        selected: line.selected === 'yes', unitPrice: unit === null ? null : money(unit),
        priceWhenAdded: line.priceWhenAdded === null ? null : money(line.priceWhenAdded),
        priceChanged: unit !== null && line.priceWhenAdded !== null && unit !== line.priceWhenAdded,
        lineTotal: unit === null ? null : money(unit * line.quantity),
        available, stock: available <= 0 ? 'out_of_stock' : available <= LOW_STOCK_SHOWN ? 'low' : 'in_stock', problem,
      };
    });
    const buy = lines.filter((l) => l.selected && l.problem === null);
    const g = buy.reduce((s, l) => s + l.lineTotal!.amount, 0);
    const n = buy.reduce((s, l) => s + l.quantity, 0);
    const rule = await shippingRulesFor(q, sellerId);
    const fee = shippingFee(rule, g, n);
    goods += g; ship += fee; units += n;
    groups.push({ seller: { id: sellerId, name: names.get(sellerId)?.name ?? '' }, lines, goodsAmount: money(g), shippingFee: money(fee),
      deliveryTerms: rule?.deliveryTerms ?? '' });
  }
  return { id: c.id, groups, goodsAmount: money(goods), shippingFee: money(ship), total: money(goods + ship), selectedUnits: units, lineCount: priced.length };
}

/** Removes the given SKUs from a cart (after they were ordered). */
export async function removePurchased(tx: Tx, cartId: string, skuIds: string[]): Promise<void> {
  if (skuIds.length === 0) return;
  // One statement: the delete runs as a data-modifying WITH query of the cart's update.
  await tx.execute(sql`with removed as (delete from ${cartLine} where ${and(eq(cartLine.cartId, cartId), inArray(cartLine.skuId, skuIds))})
    update ${cart} set ${sql.identifier('updated_at')} = now() where ${eq(cart.id, cartId)}`);
}
