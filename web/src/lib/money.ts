/** Money as the API sends it: integer minor units (fen for CNY) plus the currency code. */
export type Money = { amount: number; currency: string };

const SYMBOLS: Record<string, string> = { CNY: '¥', HKD: 'HK$', USD: 'US$', EUR: '€' };

/**
 * Formats integer minor units for display: `formatMoney(12900)` → `¥129.00`, `-5` → `-¥0.05`.
 * Integer arithmetic only (no floating-point division), grouping per locale.
 */
export function formatMoney(amount: number | Money, locale = 'zh-CN', currency = 'CNY'): string {
  const m = typeof amount === 'number' ? { amount, currency } : amount;
  if (!Number.isSafeInteger(m.amount)) throw new RangeError(`money amount must be an integer number of minor units, got ${m.amount}`);
  const negative = m.amount < 0;
  const abs = Math.abs(m.amount);
  const major = Math.trunc(abs / 100);
  const minor = abs % 100;
  const grouped = new Intl.NumberFormat(locale, { maximumFractionDigits: 0, useGrouping: true }).format(major);
  const symbol = SYMBOLS[m.currency] ?? `${m.currency} `;
  return `${negative ? '-' : ''}${symbol}${grouped}.${String(minor).padStart(2, '0')}`;
}
