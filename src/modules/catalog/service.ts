export * from './service/categories.js';
export * from './service/products.js';
export * from './service/pricing.js';
export * from './service/shipping.js';
export * from './service/images.js';
export * from './service/terms.js';
export * from './service/storefront.js';
export { refreshListing } from './service/listing.js';
export * from './service/supervision.js';
