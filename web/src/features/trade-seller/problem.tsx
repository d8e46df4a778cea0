import { Alert, Code, Stack, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { i18n, intlLocale } from '../../i18n';
import { formatMoney } from '../../lib/money';

type Tx = (key: string, options?: Record<string, unknown>) => string;

/** Values for a problem's message from its meta fields: text and numbers as they are, `<field>Money` for every number, `<field>Text` for a known status. */
function valuesOf(t: TFunction, body: Record<string, unknown>, lng: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === 'string') {
      out[k] = v;
      for (const group of ['orderStatus', 'paymentStatus', 'refundStatus', 'payoutStatus', 'statementStatus']) {
        if (i18n.exists(`tradeStaff.${group}.${v}`)) { out[`${k}Text`] = (t as unknown as Tx)(`tradeStaff.${group}.${v}`); break; }
      }
    } else if (typeof v === 'number') {
      out[k] = new Intl.NumberFormat(intlLocale(lng)).format(v);
      if (Number.isSafeInteger(v)) out[`${k}Money`] = formatMoney(v, intlLocale(lng));
    } else if (v && typeof v === 'object' && 'amount' in v && typeof (v as { amount: unknown }).amount === 'number') {
      out[`${k}Money`] = formatMoney(v as { amount: number; currency: string }, intlLocale(lng));
    }
  }
  return out;
}

/** The problem's message in the UI language when the trade screens know its code, else null. */
export function tradeProblemText(t: TFunction, lng: string, error: unknown): { title: string; body: string } | null {
  if (!(error instanceof ApiError) || !error.code.includes('.')) return null;
  const key = `tradeStaff.problem.${error.code}`;
  if (!i18n.exists(`${key}.title`)) return null;
  const values = valuesOf(t, error.body, lng);
  const T = t as unknown as Tx;
  return { title: T(`${key}.title`, values), body: i18n.exists(`${key}.body`) ? T(`${key}.body`, values) : '' };
}

/**
 * API failures on the trade screens: the order, payment, ledger and settlement codes in the UI
 * language with their meta fields (amounts formatted from fen); validation and platform problems
 * through the shared ProblemAlert.
 */
export function TradeProblem({ error, onClose }: { error: unknown; onClose?: () => void }) {
  const { t, i18n: i } = useTranslation();
  if (!error) return null;
  const view = tradeProblemText(t, i.language, error);
  if (!view || !(error instanceof ApiError)) return <ProblemAlert error={error} onClose={onClose} />;
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={20} />} title={view.title} role="alert" data-testid="trade-problem"
      data-code={error.code} withCloseButton={Boolean(onClose)} onClose={onClose} closeButtonLabel={t('common.close')}>
      <Stack gap={4}>
        {view.body && <Text size="sm" data-testid="problem-detail">{view.body}</Text>}
        {error.requestId && <Text size="xs" c="dimmed">{t('problems.requestId')} <Code translate="no">{error.requestId}</Code></Text>}
      </Stack>
    </Alert>
  );
}
