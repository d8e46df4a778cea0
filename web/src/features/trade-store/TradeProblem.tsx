import { Alert, Code, Stack, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';

type Kind = 'offer_changed' | 'out_of_stock' | 'cart_has_problems' | 'empty' | 'provider_not_offerable' | 'address_not_found' | 'not_cancellable'
  | 'not_modifiable' | 'idempotency' | 'sku_unavailable' | 'quantity' | 'enquiry' | 'too_many_lines' | 'too_many_addresses' | 'invalid_modification'
  | 'not_found' | 'staff_account' | 'state_changed';

/** Which of the trade screens' own messages fits a problem (grouped by what the consumer can do next). */
function kindOf(e: ApiError): Kind | null {
  switch (e.code) {
    case 'checkout.offer_changed': return 'offer_changed';
    case 'inventory.out_of_stock': return 'out_of_stock';
    case 'checkout.cart_has_problems': return 'cart_has_problems';
    case 'checkout.empty': return 'empty';
    case 'payment.provider_not_offerable': return 'provider_not_offerable';
    case 'consumer.address_not_found': return 'address_not_found';
    case 'consumer.too_many_addresses': return 'too_many_addresses';
    case 'order.modification_pending': return 'not_modifiable';
    case 'order.invalid_modification': return 'invalid_modification';
    case 'order.not_found': case 'checkout.not_found': return 'not_found';
    case 'order.invalid_transition':
      return e.body.action === 'cancelled' ? 'not_cancellable' : e.body.action === 'modified' ? 'not_modifiable' : 'state_changed';
    case 'idempotency.key_reused': return 'idempotency';
    case 'cart.sku_unavailable': return 'sku_unavailable';
    case 'cart.quantity_too_large': return 'quantity';
    case 'cart.too_many_lines': return 'too_many_lines';
    case 'cart.staff_account': return 'staff_account';
    case 'payment.enquiry_not_applicable': case 'payment.enquiry_subject_not_found': return 'enquiry';
    default: return null;
  }
}

function bodyOf(t: TFunction, kind: Kind, e: ApiError, titles?: Map<string, string>): string {
  const m = e.body;
  if (kind === 'out_of_stock') {
    const title = typeof m.skuId === 'string' ? titles?.get(m.skuId) : undefined;
    return title && typeof m.requested === 'number' && typeof m.available === 'number'
      ? t('tradeStore.problem.out_of_stock', { title, requested: m.requested, available: m.available })
      : t('tradeStore.problem.out_of_stock_sku');
  }
  if (kind === 'too_many_lines' || kind === 'too_many_addresses') return t(`tradeStore.problem.${kind}`, { max: typeof m.max === 'number' ? m.max : '' });
  return t(`tradeStore.problem.${kind}`);
}

/**
 * Trade problems in the consumer's words (what happened and what to do next), with an optional
 * action (e.g. a link back to the cart); every other problem goes to the app's ProblemAlert.
 * `titles` names SKUs (skuId → title) for problems that only carry the id.
 */
export function TradeProblem({ error, action, onClose, titles }: { error: unknown; action?: ReactNode; onClose?: () => void; titles?: Map<string, string> }) {
  const { t } = useTranslation();
  if (!error) return null;
  const kind = error instanceof ApiError ? kindOf(error) : null;
  if (!kind || !(error instanceof ApiError)) {
    return <Stack gap="xs"><ProblemAlert error={error} onClose={onClose} />{action}</Stack>;
  }
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={20} />} title={t(`tradeStore.problem.title.${kind}`)} role="alert" data-testid="trade-problem"
      data-code={error.code} withCloseButton={Boolean(onClose)} onClose={onClose} closeButtonLabel={t('common.close')}>
      <Stack gap={6}>
        <Text size="sm" data-testid="problem-detail">{bodyOf(t, kind, error, titles)}</Text>
        {action}
        {error.requestId && <Text size="xs" c="dimmed">{t('problems.requestId')} <Code translate="no">{error.requestId}</Code></Text>}
      </Stack>
    </Alert>
  );
}
