import { DomainError } from '@/platform/http/problem.js';

export class CheckoutEmpty extends DomainError {
  constructor() {
    super({ code: 'checkout.empty', status: 422, detail: 'Nothing to check out: select at least one line in your cart.' });
  }
}
export class CartHasProblems extends DomainError {
  constructor(problems: Array<{ skuId: string; problem: string }>) {
    super({ code: 'checkout.cart_has_problems', status: 422,
      detail: `${problems.length} line(s) in your cart cannot be bought now (no longer on sale or unpriced): remove or unselect them first.`,
      meta: { problems } });
  }
}
export class OfferChanged extends DomainError {
  constructor(offer: unknown, offerHash: string) {
    super({ code: 'checkout.offer_changed', status: 409,
      detail: 'The offer changed since you saw it (price, delivery fee, items or address): review the new offer and confirm again.',
      meta: { offer, offerHash } });
  }
}
export class OfferNotAccepted extends DomainError {
  constructor() {
    super({ code: 'checkout.offer_not_accepted', status: 422, detail: 'Confirm the offer explicitly (accept: true) to place the order.' });
  }
}
export class CheckoutNotFound extends DomainError {
  constructor(id: string) {
    super({ code: 'checkout.not_found', status: 404, detail: `Checkout ${id} was not found among yours.`, meta: { checkoutId: id } });
  }
}
export class OrderNotFound extends DomainError {
  constructor(id: string) {
    super({ code: 'order.not_found', status: 404, detail: `Order ${id} was not found.`, meta: { orderId: id } });
  }
}
export class InvalidOrderTransition extends DomainError {
  constructor(orderId: string, from: string, action: string, hint?: string) {
    super({ code: 'order.invalid_transition', status: 409,
      detail: `Order ${orderId} is ${from}: it cannot be ${action} now.${hint ? ` ${hint}` : ''}`, meta: { orderId, status: from, action } });
  }
}
export class RefundTooLarge extends DomainError {
  constructor(orderId: string, refundable: number) {
    super({ code: 'order.refund_exceeds_order', status: 422,
      detail: `At most ¥${(refundable / 100).toFixed(2)} of order ${orderId} can still be refunded.`, meta: { orderId, refundable } });
  }
}
export class ModificationPending extends DomainError {
  constructor(orderId: string, modificationId: string) {
    super({ code: 'order.modification_pending', status: 409,
      detail: `Order ${orderId} has a proposed change waiting for a decision: accept or reject it first.`, meta: { orderId, modificationId } });
  }
}
export class InvalidModification extends DomainError {
  constructor(detail: string, meta?: Record<string, unknown>) {
    super({ code: 'order.invalid_modification', status: 422, detail, ...(meta ? { meta } : {}) });
  }
}
export class ModificationNotFound extends DomainError {
  constructor(id: string) {
    super({ code: 'order.modification_not_found', status: 404, detail: `Modification ${id} was not found on this order.`, meta: { modificationId: id } });
  }
}
