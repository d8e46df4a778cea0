export * from './keyring.js';
export * from './mask.js';
export * from './canonical.js';
