import { Conflict, DomainError, InvalidInput, NotFound } from '@/platform/http/problem.js';

export class CategoryNotFound extends DomainError {
  constructor(id: string) { super({ code: 'catalog.category_not_found', status: 404, detail: `Category ${id} was not found.` }); }
}
export class ProductNotFound extends DomainError {
  constructor(id: string) { super({ code: 'catalog.product_not_found', status: 404, detail: `Product ${id} was not found.` }); }
}
export class SkuNotFound extends DomainError {
  constructor(id: string) { super({ code: 'catalog.sku_not_found', status: 404, detail: `SKU ${id} was not found.` }); }
}
export class VersionNotFound extends NotFound {
  constructor(id: string) { super('Product version', id); }
}
export class ImageNotFound extends DomainError {
  constructor(id: string) { super({ code: 'catalog.image_not_found', status: 404, detail: `Image ${id} was not found among your uploads.` }); }
}
export class PriceChangeNotFound extends DomainError {
  constructor(id: string) { super({ code: 'catalog.price_change_not_found', status: 404, detail: `Price change ${id} was not found.` }); }
}

/** A product cannot be submitted: each issue names the field and what the category rule asks for (MS-CAT-03). */
export class IncompleteListing extends DomainError {
  constructor(issues: Array<{ path: string; message: string }>) {
    super({ code: 'catalog.incomplete_listing', status: 422,
      detail: `The product cannot be submitted for review: ${issues.map((i) => i.message).join(' ')}`, meta: { issues } });
  }
}
export class InvalidContent extends DomainError {
  constructor(issues: Array<{ path: string; message: string }>) {
    super({ code: 'catalog.invalid_content', status: 422, detail: issues.map((i) => i.message).join(' '), meta: { issues } });
  }
}
export class ProhibitedContent extends DomainError {
  constructor(terms: Array<{ term: string; field: string }>) {
    super({ code: 'catalog.prohibited_content', status: 422,
      detail: `Remove the prohibited wording before submitting: ${terms.map((t) => `“${t.term}” in ${t.field}`).join(', ')}.`, meta: { terms } });
  }
}
export class NotLeafCategory extends InvalidInput {
  constructor(name: string) {
    super('catalog.not_leaf_category', `Category “${name}” has sub-categories: choose the most specific one (a leaf category).`);
  }
}
export class InvalidTransition extends Conflict {
  constructor(detail: string, meta?: Record<string, unknown>) { super('catalog.invalid_transition', detail, meta); }
}
export class CategoryInUse extends Conflict {
  constructor(detail: string) { super('catalog.category_in_use', detail); }
}
export class DuplicateSkuCode extends Conflict {
  constructor(code: string) { super('catalog.duplicate_sku_code', `You already use SKU code “${code}” on another SKU: SKU codes are unique per shop.`, { code }); }
}
export class PriceRejected extends DomainError {
  constructor(detail: string, meta?: Record<string, unknown>) {
    super({ code: 'catalog.price_rejected', status: 422, detail, ...(meta ? { meta } : {}) });
  }
}
export class InvalidImage extends DomainError {
  constructor(detail: string, status = 422) { super({ code: 'catalog.invalid_image', status, detail }); }
}
export class TermExists extends Conflict {
  constructor(term: string) { super('catalog.term_exists', `“${term}” is already on the moderation list.`); }
}
