import type { TFunction } from 'i18next';
import type { SalesUnit } from '../shop/api';
import { measureText } from '../shop/format';

/**
 * What one unit of a line is: 单位：盒 / 每份 250g (PL-CAT-06); empty when the specification already
 * says it (a "250g" SKU sold as 250g packs).
 */
export function unitText(t: TFunction, u: SalesUnit, lng: string, specification = ''): string {
  if (u.mode === 'measure') {
    const q = measureText(u, lng);
    return specification.replace(/\s/g, '') === q.replace(/\s/g, '') ? '' : t('tradeStore.unit.measure', { quantity: q });
  }
  return t('tradeStore.unit.count', { unit: u.unitName });
}

/** A quantity with its unit: 2 盒 / 3 份 × 250g (English: 2 pc / 3 × 250g). */
export function quantityText(t: TFunction, u: SalesUnit, count: number, lng: string): string {
  if (u.mode === 'measure') return t('tradeStore.unit.qtyMeasure', { count, quantity: measureText(u, lng) });
  return t('tradeStore.unit.qty', { count, unit: lng === 'en' ? t('tradeStore.unit.piece') : u.unitName });
}

/** The unit name used after a stock count (仅剩 3 盒). */
export function stockUnit(t: TFunction, u: SalesUnit, lng: string): string {
  return u.mode === 'count' && lng !== 'en' ? u.unitName : t('tradeStore.unit.piece');
}

/** A new random Idempotency-Key (crypto.randomUUID needs a secure context; fall back to getRandomValues). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
