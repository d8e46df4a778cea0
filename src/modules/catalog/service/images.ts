import { and, eq, inArray } from 'drizzle-orm';
import { recordAudit } from '@/platform/audit/index.js';
import type { Queryable, Tx } from '@/platform/db/client.js';
import { newId } from '@/platform/db/ids.js';
import type { RequestContext } from '@/platform/http/auth.js';
import type { BlobStore } from '@/platform/storage/index.js';
import { InvalidImage } from '../errors.js';
import { sniffImage } from '../image-format.js';
import { image } from '../schema.js';
import { imageUrl, iso } from './common.js';

export const IMAGE_MAX_BYTES = 5 * 1024 * 1024;
export const IMAGE_MIN_SIDE = 100;
export const IMAGE_MAX_SIDE = 10_000;
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;

type ImageRow = typeof image.$inferSelect;
export const imageOut = (r: ImageRow) => ({
  id: r.id, url: imageUrl(r.id)!, contentType: r.contentType, bytes: r.bytes, width: r.width, height: r.height, createdAt: iso(r.createdAt)!,
});

/**
 * Stores an uploaded product image after checking what it really is: PNG, JPEG or WebP by its
 * bytes (the declared type must agree), at most 5 MB, each side 100–10,000 pixels.
 */
export async function saveImage(tx: Tx, ctx: RequestContext, store: BlobStore, sellerId: string, bytes: Buffer, declaredType: string) {
  if (bytes.length === 0) throw new InvalidImage('The upload is empty: send the image file as the request body.');
  if (bytes.length > IMAGE_MAX_BYTES) throw new InvalidImage(`The image is ${(bytes.length / 1048576).toFixed(1)} MB; the limit is 5 MB.`, 413);
  const info = sniffImage(bytes);
  if (!info) throw new InvalidImage('The file is not a PNG, JPEG or WebP image.', 415);
  if (info.contentType !== declaredType.split(';')[0]!.trim().toLowerCase()) {
    throw new InvalidImage(`The file is ${info.contentType} but was sent as ${declaredType}: send it with Content-Type ${info.contentType}.`, 415);
  }
  if (Math.min(info.width, info.height) < IMAGE_MIN_SIDE || Math.max(info.width, info.height) > IMAGE_MAX_SIDE) {
    throw new InvalidImage(`The image is ${info.width}×${info.height} pixels; each side must be ${IMAGE_MIN_SIDE} to ${IMAGE_MAX_SIDE} pixels.`);
  }
  const key = await store.put(bytes, { prefix: 'images', extension: info.extension });
  const [row] = await tx.insert(image).values({
    id: newId('img'), sellerId, contentType: info.contentType, bytes: bytes.length, width: info.width, height: info.height,
    sha256: key.split('/').pop()!.split('.')[0]!, storageKey: key, createdBy: ctx.actorId,
  }).returning();
  await recordAudit(tx, ctx, { action: 'image.uploaded', resourceType: 'image', resourceId: row!.id,
    changes: { sellerId, contentType: info.contentType, bytes: bytes.length, width: info.width, height: info.height } });
  return imageOut(row!);
}

export async function listImages(q: Queryable, sellerId: string, ids?: string[]) {
  const rs = await q.select().from(image).where(and(eq(image.sellerId, sellerId), ids ? inArray(image.id, ids) : undefined)).limit(ids ? ids.length : 200);
  return rs.map(imageOut);
}

/** Ids among `ids` that are not this seller's uploads. */
export async function foreignImages(q: Queryable, sellerId: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const own = new Set((await q.select({ id: image.id }).from(image).where(and(eq(image.sellerId, sellerId), inArray(image.id, ids)))).map((r) => r.id));
  return ids.filter((id) => !own.has(id));
}

export async function readImage(q: Queryable, store: BlobStore, id: string): Promise<{ contentType: string; bytes: Buffer; public: boolean; sellerId: string } | null> {
  const [r] = await q.select().from(image).where(eq(image.id, id));
  if (!r) return null;
  const bytes = await store.get(r.storageKey);
  return bytes ? { contentType: r.contentType, bytes, public: r.public, sellerId: r.sellerId } : null;
}

/** Images of an approved version become public (they are on the storefront from now on). */
export async function publishImages(tx: Tx, ids: string[]): Promise<void> {
  if (ids.length) await tx.update(image).set({ public: true }).where(and(inArray(image.id, ids), eq(image.public, false)));
}
