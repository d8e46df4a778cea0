export * from './service/accounts.js';
export * from './service/auth.js';
export * from './service/orgs.js';
export * from './service/roles.js';
export * from './service/seed.js';
export * from './service/register.js';
