import { intlLocale } from '../../i18n';
import { formatMoney, type Money } from '../../lib/money';
import type { SalesUnit } from './api';

/** Money from integer fen in the UI language's grouping: ¥1,299.00. */
export const moneyText = (m: Money | number, lng: string) => formatMoney(m, intlLocale(lng));

/** Money without ".00" for whole yuan (¥10, ¥99, ¥2.50): for sentences such as the delivery fee. */
export const moneyShort = (m: Money | number, lng: string) => moneyText(m, lng).replace(/\.00$/, '');

/** A plain number in the UI language (up to 3 decimals): 36,500 / 0.5. */
export const numberText = (n: number, lng: string) => new Intl.NumberFormat(intlLocale(lng), { maximumFractionDigits: 3 }).format(n);

const YUAN = /^(\d{1,9})(?:\.(\d{0,2}))?$/;

/**
 * Yuan typed by a person → integer fen, with string arithmetic only ("12.3" → 1230, never 12.3 * 100).
 * null for anything that is not an amount with at most 2 decimals.
 */
export function parseYuan(text: string): number | null {
  const m = YUAN.exec(text.trim().replace(/[,，\s]/g, '').replace(/^[¥￥]/, ''));
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Integer fen → yuan for an input field: 12900 → "129", 1250 → "12.50". */
export function fenToYuanInput(fen: number | null): string {
  if (fen === null) return '';
  const whole = Math.trunc(fen / 100);
  const cents = fen % 100;
  return cents === 0 ? String(whole) : `${whole}.${String(cents).padStart(2, '0')}`;
}

const MEASURE_UNIT: Record<Extract<SalesUnit, { mode: 'measure' }>['unit'], string> = { g: 'g', kg: 'kg', ml: 'ml', L: 'L', m: 'm', cm: 'cm', m2: 'm²' };

/** A number with its unit: Latin units get a thin gap ("180 ml"), Chinese ones none ("540天"). */
export function withUnit(value: string, unit: string | null | undefined): string {
  if (!unit) return value;
  return /^[\u3400-\u9fff]/.test(unit) ? `${value}${unit}` : `${value} ${unit}`;
}

/** The declared quantity of a measured SKU (PL-CAT-06): "250g", "1.5L". */
export function measureText(u: Extract<SalesUnit, { mode: 'measure' }>, lng: string): string {
  return `${numberText(u.netQuantity, lng)}${MEASURE_UNIT[u.unit]}`;
}
