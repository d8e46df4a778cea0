import type { Db } from '@/platform/db/client.js';
import type { Keyring } from '@/platform/crypto/index.js';
import { systemContext } from '@/platform/http/auth.js';
import { addToCart } from '@/modules/cart/index.js';
import { addAddress } from '@/modules/consumer/index.js';
import { sellableSkus } from '@/modules/catalog/index.js';
import { getPaymentByReference, sandboxBookCharge, syncPayment } from '@/modules/payment/index.js';
import { buildOffer, confirmOrder, loadOrder, ordersOfCheckouts, placeCheckout } from './service.js';

/**
 * Waits for the event loop's next turn. On the embedded database a chain of queries runs on promise
 * callbacks alone and never lets the server accept a connection; `shiji start` places the demo orders
 * while it already serves, so each step first lets waiting requests in.
 */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Demo orders for a new demo shop, made through the same services a consumer's browser uses: the
 * demo consumer's address, one two-seller checkout paid in the sandbox (山河茶社's order confirmed,
 * 青禾数码's awaiting confirmation) and one single-seller paid order awaiting confirmation, so the
 * seller center, the admin console and "my orders" have something to show. Runs after the demo
 * catalog and stock exist; each step in its own transaction, as in real use.
 */
export async function seedDemoOrders(db: Db, keyring: Keyring, input: { consumerId: string; skusBySeller: Record<string, string[]> }): Promise<number> {
  const ctx = systemContext('shiji seed --demo');
  const accountId = input.consumerId;
  await breathe();
  const address = await db.transaction((tx) => addAddress(tx, ctx, keyring, accountId, {
    recipient: '张三', phone: '13800000005', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 90 号 东部软件园 3 号楼 501 室', label: '公司', isDefault: true }));
  const [tea, digital] = Object.values(input.skusBySeller);
  const pick = async (ids: string[] | undefined, n: number) => {
    const sellable = await sellableSkus(db, ids ?? []);
    return [...sellable.values()].filter((s) => s.price).slice(0, n).map((s) => s.skuId);
  };
  await breathe();
  const baskets = [[...(await pick(tea, 2)), ...(await pick(digital, 1))], await pick(digital?.slice(5), 1)];
  let placed = 0;
  for (const [i, basket] of baskets.entries()) {
    if (basket.length === 0) continue;
    for (const skuId of basket) {
      await breathe();
      await db.transaction((tx) => addToCart(tx, { kind: 'account', accountId }, { skuId, quantity: i === 0 ? 2 : 1 }));
    }
    await breathe();
    const offer = await buildOffer(db, keyring, { accountId, addressId: address.id, paymentProvider: 'sandbox', note: i === 0 ? '请工作日白天送货' : '' });
    await breathe();
    const { checkoutId } = await db.transaction((tx) => placeCheckout(tx, { ...ctx, actorId: accountId }, keyring, { accountId, addressId: address.id,
      paymentProvider: 'sandbox', note: offer.offer.note, offerHash: offer.hash }));
    const payment = (await getPaymentByReference(db, checkoutId))!;
    await breathe();
    await sandboxBookCharge(db, { paymentId: payment.id, amount: payment.amount.amount, currency: payment.amount.currency, payerMasked: '138****0005', outcome: 'succeeded' });
    await breathe();
    await syncPayment(db, keyring, payment.id);
    placed += 1;
    if (i === 0) {
      const teaSeller = Object.keys(input.skusBySeller)[0]!;
      await breathe();
      await db.transaction(async (tx) => {
        const o = (await ordersOfCheckouts(tx, [checkoutId])).find((x) => x.sellerId === teaSeller);
        if (o) await confirmOrder(tx, { ...ctx, actorId: null }, await loadOrder(tx, o.id, { kind: 'seller', sellerId: teaSeller }, true));
      });
    }
  }
  return placed;
}
