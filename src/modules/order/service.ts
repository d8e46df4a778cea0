export * from './service/common.js';
export * from './service/offer.js';
export * from './service/checkout.js';
export * from './service/lifecycle.js';
export * from './service/views.js';
export * from './service/modify.js';
export * from './service/settings.js';
