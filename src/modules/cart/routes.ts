import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Platform } from '@/platform/platform.js';
import type { Tx } from '@/platform/db/client.js';
import { randomToken } from '@/platform/crypto/index.js';
import { problemResponses } from '@/platform/http/problem.js';
import { AddLineBody, CartOut, SkuParams, UpdateLineBody } from './contract.js';
import { StaffCannotShop } from './errors.js';
import { addToCart, findCart, mergeGuestCart, removeCartLine, updateCartLine, viewCart, type CartOwner } from './service.js';

export const CART_COOKIE = 'shiji_cart';
const CART_HEADER = 'x-cart-token';
const GUEST_CART_DAYS = 30;

function guestToken(req: FastifyRequest): string | null {
  const h = req.headers[CART_HEADER];
  const header = Array.isArray(h) ? h[0] : h;
  if (typeof header === 'string' && /^[A-Za-z0-9_-]{20,100}$/.test(header)) return header;
  const c = req.cookies?.[CART_COOKIE];
  return c && /^[A-Za-z0-9_-]{20,100}$/.test(c) ? c : null;
}

/**
 * Whose cart a request addresses (PL-CHK-01): a signed-in consumer's own (any guest cart of this
 * browser is merged into it first and its cookie cleared); a guest's by cart token; staff cannot shop.
 * With `create`, a guest without a token gets a new one (cookie + `cartToken` in the answer).
 */
export async function cartOwnerOf(platform: Platform, tx: Tx, req: FastifyRequest, reply: FastifyReply, opts: { create?: boolean } = {}):
  Promise<{ owner: CartOwner | null; newToken?: string }> {
  const actor = req.actor;
  const token = guestToken(req);
  if (actor) {
    if (actor.kind !== 'consumer') throw new StaffCannotShop();
    if (token) {
      await mergeGuestCart(tx, platform.keyring.hashToken(token), actor.accountId);
      reply.clearCookie(CART_COOKIE, { path: '/' });
    }
    return { owner: { kind: 'account', accountId: actor.accountId } };
  }
  if (token) return { owner: { kind: 'guest', tokenHash: platform.keyring.hashToken(token) } };
  if (!opts.create) return { owner: null };
  const fresh = randomToken(24);
  const secure = Boolean(platform.config.tls) || Boolean(platform.config.publicUrl?.startsWith('https:'));
  reply.setCookie(CART_COOKIE, fresh, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: GUEST_CART_DAYS * 86400 });
  return { owner: { kind: 'guest', tokenHash: platform.keyring.hashToken(fresh) }, newToken: fresh };
}

/** Cart routes for guests and consumers (PL-CHK-01). */
export const cartRoutes: FastifyPluginAsyncZod<{ platform: Platform }> = async (app, { platform }) => {
  const db = platform.db;
  const tags = ['cart'];
  const access = { audience: 'public' } as const;
  const errors = problemResponses;

  const answer = async (tx: Tx, owner: CartOwner | null, newToken?: string) => {
    const view = await viewCart(tx, owner ? await findCart(tx, owner) : null);
    return newToken ? { ...view, cartToken: newToken } : view;
  };

  app.get('/api/store/cart', {
    config: { access },
    schema: { tags, summary: 'The cart: lines grouped by seller with current prices, availability, delivery fees and totals', response: { 200: CartOut, ...errors } },
  }, async (req, reply) => db.transaction(async (tx) => answer(tx, (await cartOwnerOf(platform, tx, req, reply)).owner)));

  app.post('/api/store/cart/merge', {
    config: { access: { audience: 'consumer' } },
    schema: { tags, summary: 'Merge this browser\'s guest cart into the signed-in consumer\'s cart (also done by any cart request)', response: { 200: CartOut, ...errors } },
  }, async (req, reply) => db.transaction(async (tx) => answer(tx, (await cartOwnerOf(platform, tx, req, reply)).owner)));

  app.post('/api/store/cart/lines', {
    config: { access },
    schema: { tags, summary: 'Add units of a SKU (guests get a cart cookie, API clients an X-Cart-Token)', body: AddLineBody, response: { 200: CartOut, ...errors } },
  }, async (req, reply) => db.transaction(async (tx) => {
    const { owner, newToken } = await cartOwnerOf(platform, tx, req, reply, { create: true });
    const added = await addToCart(tx, owner!, req.body);
    // The cart and the SKU just read are in hand: not read again for the answer.
    const view = await viewCart(tx, added.cart, new Map([[added.sku.skuId, added.sku]]));
    return newToken ? { ...view, cartToken: newToken } : view;
  }));

  app.patch('/api/store/cart/lines/:skuId', {
    config: { access },
    schema: { tags, summary: 'Change the quantity or selection of a line', params: SkuParams, body: UpdateLineBody, response: { 200: CartOut, ...errors } },
  }, async (req, reply) => db.transaction(async (tx) => {
    const { owner } = await cartOwnerOf(platform, tx, req, reply);
    await updateCartLine(tx, owner ?? { kind: 'guest', tokenHash: '' }, req.params.skuId, req.body);
    return answer(tx, owner);
  }));

  app.delete('/api/store/cart/lines/:skuId', {
    config: { access },
    schema: { tags, summary: 'Remove a line', params: SkuParams, response: { 200: CartOut, ...errors } },
  }, async (req, reply) => db.transaction(async (tx) => {
    const { owner } = await cartOwnerOf(platform, tx, req, reply);
    await removeCartLine(tx, owner ?? { kind: 'guest', tokenHash: '' }, req.params.skuId);
    return answer(tx, owner);
  }));
};
