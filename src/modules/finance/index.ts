export * from './service.js';
export * from './errors.js';
