/**
 * Yuan typed by a person ↔ integer fen for the API, with string arithmetic only: "12.3" → 1230,
 * never 12.3 * 100 (= 1230.0000000000002). Up to 9 integer digits and 2 decimals.
 */
const YUAN = /^(\d{1,9})(?:\.(\d{0,2}))?$/;

/** "129" → 12900, "0.5" → 50, "1,299.90" → 129990; null for anything that is not an amount with at most 2 decimals. */
export function parseYuan(text: string): number | null {
  const m = YUAN.exec(text.trim().replace(/[,，\s]/g, '').replace(/^[¥￥]/, ''));
  if (!m) return null;
  const whole = Number(m[1]);
  const cents = Number((m[2] ?? '').padEnd(2, '0'));
  return whole * 100 + cents;
}

/** 12900 → "129.00" (for a form field; integer arithmetic). */
export function fenToYuanText(fen: number): string {
  const abs = Math.abs(Math.trunc(fen));
  return `${fen < 0 ? '-' : ''}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** fen → yuan text or '' for no amount. */
export const yuanField = (fen: number | null | undefined): string => (fen === null || fen === undefined ? '' : fenToYuanText(fen));
