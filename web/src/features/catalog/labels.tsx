import { Badge, type BadgeProps } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { tData } from '../../lib/i18n-dynamic';
import { formatMoney } from '../../lib/money';
import type { PriceChangeStatus, PriceType, ProductStatus, VersionState } from './api';

const STATUS_COLOR: Record<ProductStatus, string> = { draft: 'gray', in_review: 'blue', rejected: 'red', on_shelf: 'green', off_shelf: 'dark' };
const VERSION_COLOR: Record<VersionState, string> = {
  draft: 'gray', submitted: 'blue', approved: 'green', rejected: 'red', superseded: 'gray', withdrawn: 'gray',
};
const CHANGE_COLOR: Record<PriceChangeStatus, string> = { applied: 'green', pending: 'yellow', approved: 'teal', rejected: 'red', withdrawn: 'gray' };

export function ProductStatusBadge({ status, ...rest }: { status: ProductStatus } & BadgeProps) {
  const { t } = useTranslation();
  return <Badge variant="light" color={STATUS_COLOR[status]} data-status={status} {...rest}>{t(`catalog.status.${status}`)}</Badge>;
}

export function VersionStateBadge({ state }: { state: VersionState }) {
  const { t } = useTranslation();
  return <Badge variant="outline" color={VERSION_COLOR[state]} data-state={state}>{t(`catalog.versionState.${state}`)}</Badge>;
}

export function PriceChangeStatusBadge({ status }: { status: PriceChangeStatus }) {
  const { t } = useTranslation();
  return <Badge variant="light" color={CHANGE_COLOR[status]} data-status={status}>{t(`catalog.changeStatus.${status}`)}</Badge>;
}

export const priceTypeLabel = (t: TFunction, type: PriceType) => t(`catalog.priceType.${type}`);

/** A product history action in the UI language (the raw action for one this UI does not know yet). */
export const actionLabel = (t: TFunction, action: string) => tData(t, `catalog.actions.${action}`, action);

/** Money in the UI's locale grouping. */
export const money = (m: { amount: number; currency: string } | null | undefined, lng: string) =>
  (m ? formatMoney(m, lng === 'en' ? 'en-US' : 'zh-CN') : '—');

/** "¥12.00 – ¥48.00", or one amount when min = max. */
export function priceRange(min: { amount: number; currency: string } | null, max: { amount: number; currency: string } | null, lng: string): string | null {
  if (!min) return null;
  if (!max || max.amount === min.amount) return money(min, lng);
  return `${money(min, lng)} – ${money(max, lng)}`;
}

/** Fixed English notes the API writes itself (not typed by a person): shown in the UI language; anything else is data. */
const SERVER_NOTES: Record<string, string> = {
  'replaced by a newer version': 'catalog.serverNote.replacedVersion',
  'edited while in review': 'catalog.serverNote.editedInReview',
  'automatic review: the category rule allows it': 'catalog.serverNote.autoReview',
  'replaced by a newer request': 'catalog.serverNote.replacedRequest',
  scheduled: 'catalog.serverNote.scheduled',
  'taken down by the platform': 'catalog.serverNote.skippedTakenDown',
  'no approved version': 'catalog.serverNote.skippedNeverApproved',
};

/** A reason or note: translated when the API wrote it, else shown as the data it is (translate="no"). */
export function Note({ text }: { text: string }) {
  const { t } = useTranslation();
  const key = SERVER_NOTES[text];
  return key ? <>{tData(t, key, text)}</> : <span translate="no">{text}</span>;
}
