export * from './keyring.js';
export * from './mask.js';
