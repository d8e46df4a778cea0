export * from './service.js';
export * from './contract.js';
export * from './errors.js';
export { PERMISSIONS, KNOWN_PERMISSIONS, PREDEFINED_ROLES, grantablePermissions, type Permission } from './permissions.js';
export { identityRoutes, resolveActor } from './routes.js';
