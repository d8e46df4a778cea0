import type { TFunction } from 'i18next';
import { i18n } from '../i18n';

/**
 * Translates a key built from data (an audit action, a permission, an error code) when a translation
 * exists, else returns the fallback (usually the raw value, which is data rather than UI text).
 */
export function tData(t: TFunction, key: string, fallback: string, options?: Record<string, unknown>): string {
  if (!i18n.exists(key)) return fallback;
  return (t as unknown as (k: string, o?: Record<string, unknown>) => string)(key, options);
}
