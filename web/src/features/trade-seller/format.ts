import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { intlLocale } from '../../i18n';
import { formatDate, formatDateTime } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import { salesUnitOf, type Money, type RawSalesUnit } from './types';

const MEASURE_UNIT: Record<string, string> = { g: 'g', kg: 'kg', ml: 'ml', L: 'L', m: 'm', cm: 'cm', m2: 'm²' };

/** Formatting for the trade screens in the UI language: money from fen, dates, counts, quantities with their sales unit. */
export function useTradeFmt() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const locale = intlLocale(lng);
  const count = (n: number) => new Intl.NumberFormat(locale).format(n);
  return {
    lng,
    en: lng === 'en',
    money: (m: Money | number | null | undefined) => (m === null || m === undefined ? '—' : formatMoney(m, locale)),
    dateTime: (iso: string | null | undefined) => formatDateTime(iso, lng),
    date: (d: string | null | undefined) => (d ? formatDate(d, lng) : '—'),
    count,
    /** 0.9734 → 97.3 %. */
    pct: (ratio: number | null | undefined) => (ratio === null || ratio === undefined ? '—'
      : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(ratio)),
    /** Basis points as a percentage: 550 → 5.5 %. */
    bp: (bp: number) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(bp / 10_000),
    /** "3 盒" (by count) or "3 × 250g" (by measure); English shows the shop's unit name as data. */
    quantity: (qty: number, raw: RawSalesUnit | null | undefined) => {
      const unit = salesUnitOf(raw);
      if (!unit) return count(qty);
      if (unit.mode === 'measure') return `${count(qty)} × ${count(unit.netQuantity)}${MEASURE_UNIT[unit.unit] ?? unit.unit}`;
      return t('tradeStaff.common.qtyUnit', { qty: count(qty), unit: unit.unitName });
    },
  };
}
export type TradeFmt = ReturnType<typeof useTradeFmt>;

/** The last day a settlement statement covers: the API's period end is exclusive ([from, to)). */
export const periodLastDay = (to: string) => dayjs(to).subtract(1, 'day').format('YYYY-MM-DD');
