import { DomainError } from '@/platform/http/problem.js';

export class SkuUnavailable extends DomainError {
  constructor(skuId: string) {
    super({ code: 'cart.sku_unavailable', status: 422, detail: `SKU ${skuId} is not on sale right now (unknown, off shelf or unpriced): it cannot be added to the cart.`, meta: { skuId } });
  }
}
export class QuantityTooLarge extends DomainError {
  constructor(skuId: string, max: number) {
    super({ code: 'cart.quantity_too_large', status: 422, detail: `A cart line holds at most ${max} units of SKU ${skuId}.`, meta: { skuId, max } });
  }
}
export class CartFull extends DomainError {
  constructor(max: number) {
    super({ code: 'cart.too_many_lines', status: 422, detail: `A cart holds at most ${max} different SKUs: check out or remove some first.`, meta: { max } });
  }
}
export class LineNotInCart extends DomainError {
  constructor(skuId: string) {
    super({ code: 'cart.line_not_found', status: 404, detail: `SKU ${skuId} is not in your cart.`, meta: { skuId } });
  }
}
export class StaffCannotShop extends DomainError {
  constructor() {
    super({ code: 'cart.staff_account', status: 403, detail: 'Staff accounts cannot shop: sign in with a consumer account, or sign out to shop as a guest.' });
  }
}
