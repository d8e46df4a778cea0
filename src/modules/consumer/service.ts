import { and, asc, count, desc, eq, isNull, ne } from 'drizzle-orm';
import type { Queryable, Tx } from '@/platform/db/client.js';
import type { Keyring } from '@/platform/crypto/index.js';
import { newId } from '@/platform/db/ids.js';
import type { RequestContext } from '@/platform/http/auth.js';
import { recordAudit } from '@/platform/audit/index.js';
import type { AddressBody, AddressOut, UpdateAddressBody } from './contract.js';
import { AddressNotFound, TooManyAddresses } from './errors.js';
import { address } from './schema.js';

const MAX_ADDRESSES = 30;
type Row = typeof address.$inferSelect;

/** A delivery address in clear, for the owner or for the order it is copied into. */
export type PlainAddress = Omit<AddressOut, 'createdAt'>;

const ctxOf = (id: string, field: string) => `consumer_address:${id}:${field}`;

function out(k: Keyring, r: Row): AddressOut {
  const recipient = k.decrypt(r.recipientEnc, ctxOf(r.id, 'recipient'));
  return {
    id: r.id, recipient, phone: k.decrypt(r.phoneEnc, ctxOf(r.id, 'phone')), province: r.province, city: r.city, district: r.district,
    detail: k.decrypt(r.detailEnc, ctxOf(r.id, 'detail')), regionCode: r.regionCode, label: r.label, isDefault: r.isDefault,
    region: regionText(r), createdAt: r.createdAt.toISOString(),
  };
}
const regionText = (r: { province: string; city: string; district: string }) => [r.province, r.city, r.district].filter(Boolean).join('');

/** The consumer's addresses, default first. Personal data is decrypted for the owner only. */
export async function listAddresses(q: Queryable, k: Keyring, accountId: string): Promise<AddressOut[]> {
  const rs = await q.select().from(address).where(and(eq(address.accountId, accountId), isNull(address.deletedAt)))
    .orderBy(desc(address.isDefault), asc(address.createdAt));
  return rs.map((r) => out(k, r));
}

/** One of the consumer's own addresses; another account's address is "not found". */
export async function getAddress(q: Queryable, k: Keyring, accountId: string, id: string): Promise<AddressOut> {
  const [r] = await q.select().from(address).where(and(eq(address.id, id), eq(address.accountId, accountId), isNull(address.deletedAt)));
  if (!r) throw new AddressNotFound(id);
  return out(k, r);
}

async function clearDefault(tx: Tx, accountId: string, except: string) {
  await tx.update(address).set({ isDefault: false, updatedAt: new Date() })
    .where(and(eq(address.accountId, accountId), eq(address.isDefault, true), ne(address.id, except)));
}

/** Adds an address (recipient, phone and street encrypted at rest, PL-SEC-03); the first one becomes the default. */
export async function addAddress(tx: Tx, ctx: RequestContext, k: Keyring, accountId: string, body: AddressBody): Promise<AddressOut> {
  const [{ n }] = await tx.select({ n: count() }).from(address).where(and(eq(address.accountId, accountId), isNull(address.deletedAt))) as [{ n: number }];
  if (Number(n) >= MAX_ADDRESSES) throw new TooManyAddresses(MAX_ADDRESSES);
  const id = newId('adr');
  const isDefault = body.isDefault ?? Number(n) === 0;
  const [r] = await tx.insert(address).values({
    id, accountId, recipientEnc: k.encrypt(body.recipient, ctxOf(id, 'recipient')), phoneEnc: k.encrypt(body.phone, ctxOf(id, 'phone')),
    detailEnc: k.encrypt(body.detail, ctxOf(id, 'detail')), province: body.province, city: body.city, district: body.district ?? '',
    regionCode: body.regionCode ?? '', label: body.label ?? '', isDefault,
  }).returning();
  if (isDefault) await clearDefault(tx, accountId, id);
  await recordAudit(tx, ctx, { action: 'address.added', resourceType: 'consumer_address', resourceId: id, changes: { region: regionText(r!) } });
  return out(k, r!);
}

/** Changes an own address; only the fields sent change. */
export async function updateAddress(tx: Tx, ctx: RequestContext, k: Keyring, accountId: string, id: string, body: UpdateAddressBody): Promise<AddressOut> {
  await getAddress(tx, k, accountId, id);
  const [r] = await tx.update(address).set({
    ...(body.recipient !== undefined ? { recipientEnc: k.encrypt(body.recipient, ctxOf(id, 'recipient')) } : {}),
    ...(body.phone !== undefined ? { phoneEnc: k.encrypt(body.phone, ctxOf(id, 'phone')) } : {}),
    ...(body.detail !== undefined ? { detailEnc: k.encrypt(body.detail, ctxOf(id, 'detail')) } : {}),
    ...(body.province !== undefined ? { province: body.province } : {}),
    ...(body.city !== undefined ? { city: body.city } : {}),
    ...(body.district !== undefined ? { district: body.district } : {}),
    ...(body.regionCode !== undefined ? { regionCode: body.regionCode } : {}),
    ...(body.label !== undefined ? { label: body.label } : {}),
    ...(body.isDefault !== undefined ? { isDefault: body.isDefault } : {}),
    updatedAt: new Date(),
  }).where(eq(address.id, id)).returning();
  if (body.isDefault) await clearDefault(tx, accountId, id);
  await recordAudit(tx, ctx, { action: 'address.updated', resourceType: 'consumer_address', resourceId: id,
    changes: { fields: Object.keys(body) } });
  return out(k, r!);
}

/** Deletes an own address (soft: orders keep their own encrypted copy). */
export async function deleteAddress(tx: Tx, ctx: RequestContext, k: Keyring, accountId: string, id: string): Promise<void> {
  await getAddress(tx, k, accountId, id);
  await tx.update(address).set({ deletedAt: new Date(), isDefault: false, updatedAt: new Date() }).where(eq(address.id, id));
  await recordAudit(tx, ctx, { action: 'address.deleted', resourceType: 'consumer_address', resourceId: id });
}
