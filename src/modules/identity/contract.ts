import { z } from 'zod';

export const OrgKind = z.enum(['platform', 'seller', 'delivery', 'payment']);
export const PlatformUserKind = z.enum(['seller', 'delivery', 'payment']);
export const EntityType = z.enum(['organisation', 'individual']);

const Email = z.string().trim().max(254).email('must be an email address like name@example.com');
const Phone = z.string().trim().regex(/^\+?[0-9][0-9 -]{6,19}$/, 'must be a phone number like 13800138000 or +8613800138000');
const Password = z.string().min(8, 'must have at least 8 characters').max(128, 'must have at most 128 characters');
const DisplayName = z.string().trim().min(1, 'must not be empty').max(100);
const Id = z.string().min(1).max(64);

export const LoginBody = z.strictObject({
  login: z.string().trim().min(3).max(254).describe('Email address or phone number'),
  password: z.string().min(1).max(128),
  totp: z.string().regex(/^\d{6}$/, 'must be the 6-digit code').optional(),
}).meta({ id: 'LoginBody' });
export type LoginBody = z.infer<typeof LoginBody>;

export const RegisterBody = z.strictObject({
  email: Email.optional(),
  phone: Phone.optional(),
  password: Password,
  displayName: DisplayName,
  entityType: EntityType.default('individual'),
}).refine((b) => b.email || b.phone, { message: 'give an email address or a phone number (or both)', path: ['email'] })
  .meta({ id: 'RegisterBody' });
export type RegisterBody = z.infer<typeof RegisterBody>;

export const RoleRef = z.object({ id: z.string(), key: z.string(), name: z.string(), nameZh: z.string() }).meta({ id: 'RoleRef' });

export const OrganisationOut = z.object({
  id: z.string(), kind: OrgKind, entityType: EntityType, name: z.string(), status: z.enum(['active', 'suspended']),
  createdAt: z.iso.datetime(), updatedAt: z.iso.datetime(),
}).meta({ id: 'Organisation' });
export type OrganisationOut = z.infer<typeof OrganisationOut>;

export const AccountOut = z.object({
  id: z.string(),
  kind: z.enum(['staff', 'consumer']),
  entityType: EntityType,
  org: z.object({ id: z.string(), kind: OrgKind, name: z.string() }).nullable(),
  email: z.string().nullable().describe('Masked in lists; unmasked (and audited) in single-account views'),
  phone: z.string().nullable(),
  displayName: z.string(),
  status: z.enum(['active', 'disabled']),
  totpEnabled: z.boolean(),
  roles: z.array(RoleRef),
  lastLoginAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
}).meta({ id: 'Account' });
export type AccountOut = z.infer<typeof AccountOut>;

export const MeOut = AccountOut.extend({
  permissions: z.array(z.string()),
  mustEnrollTotp: z.boolean().describe('Operator policy requires a second factor: only TOTP set-up is allowed until it is enabled'),
}).meta({ id: 'Me' });
export type MeOut = z.infer<typeof MeOut>;

export const LoginOut = z.object({ token: z.string(), expiresAt: z.iso.datetime(), account: MeOut }).meta({ id: 'LoginResult' });

export const SessionOut = z.object({
  id: z.string(), createdAt: z.iso.datetime(), lastSeenAt: z.iso.datetime(), expiresAt: z.iso.datetime(),
  ip: z.string().nullable(), userAgent: z.string().nullable(), current: z.boolean(),
}).meta({ id: 'Session' });

export const UpdateMeBody = z.strictObject({ displayName: DisplayName }).meta({ id: 'UpdateMeBody' });
export const ChangePasswordBody = z.strictObject({ currentPassword: z.string().min(1).max(128), newPassword: Password })
  .meta({ id: 'ChangePasswordBody' });
export const TotpCodeBody = z.strictObject({ code: z.string().regex(/^\d{6}$/, 'must be the 6-digit code') }).meta({ id: 'TotpCodeBody' });
export const TotpDisableBody = z.strictObject({ password: z.string().min(1).max(128), code: z.string().regex(/^\d{6}$/, 'must be the 6-digit code') })
  .meta({ id: 'TotpDisableBody' });
export const TotpSetupOut = z.object({ secret: z.string(), otpauthUrl: z.string() }).meta({ id: 'TotpSetup' });

export const NewStaffBody = z.strictObject({
  email: Email,
  phone: Phone.optional(),
  displayName: DisplayName,
  password: Password,
  roleIds: z.array(Id).max(20).default([]),
}).meta({ id: 'NewStaffBody' });
export type NewStaffBody = z.infer<typeof NewStaffBody>;

export const AdminNewStaffBody = NewStaffBody.extend({ orgId: Id }).strict().meta({ id: 'AdminNewStaffBody' });

export const UpdateStaffBody = z.strictObject({
  displayName: DisplayName.optional(),
  status: z.enum(['active', 'disabled']).optional(),
}).refine((b) => Object.keys(b).length > 0, { message: 'change at least one field' }).meta({ id: 'UpdateStaffBody' });

export const SetRolesBody = z.strictObject({ roleIds: z.array(Id).max(20) }).meta({ id: 'SetRolesBody' });

export const NewOrganisationBody = z.strictObject({
  kind: PlatformUserKind,
  entityType: EntityType,
  name: z.string().trim().min(1, 'must not be empty').max(200),
  owner: z.strictObject({ email: Email, phone: Phone.optional(), displayName: DisplayName, password: Password }).optional()
    .describe('First staff account, given the organisation kind\'s owner role'),
}).meta({ id: 'NewOrganisationBody' });
export type NewOrganisationBody = z.infer<typeof NewOrganisationBody>;

export const UpdateOrganisationBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  status: z.enum(['active', 'suspended']).optional(),
}).refine((b) => Object.keys(b).length > 0, { message: 'change at least one field' }).meta({ id: 'UpdateOrganisationBody' });

export const RoleOut = z.object({
  id: z.string(), orgKind: OrgKind, orgId: z.string().nullable(), key: z.string(), name: z.string(), nameZh: z.string(),
  permissions: z.array(z.string()), predefined: z.boolean(),
}).meta({ id: 'Role' });
export type RoleOut = z.infer<typeof RoleOut>;

export const NewRoleBody = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/, 'must be lower-case letters, digits and _ (2–41 characters)'),
  name: z.string().trim().min(1).max(100),
  nameZh: z.string().trim().min(1).max(100),
  permissions: z.array(z.string().max(64)).min(1).max(100),
}).meta({ id: 'NewRoleBody' });
export type NewRoleBody = z.infer<typeof NewRoleBody>;

export const UpdateRoleBody = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  nameZh: z.string().trim().min(1).max(100).optional(),
  permissions: z.array(z.string().max(64)).min(1).max(100).optional(),
}).refine((b) => Object.keys(b).length > 0, { message: 'change at least one field' }).meta({ id: 'UpdateRoleBody' });

export const PermissionOut = z.object({ key: z.string(), description: z.string() }).meta({ id: 'Permission' });
