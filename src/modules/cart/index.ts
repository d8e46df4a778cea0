export * from './service.js';
export * from './contract.js';
export * from './errors.js';
export { cartRoutes, cartOwnerOf, CART_COOKIE } from './routes.js';
