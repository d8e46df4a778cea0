import { Alert, Button, Group, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { fenToYuanText, parseYuan } from '../catalog/yuan';
import { useTradeFmt } from './format';
import { TradeProblem } from './problem';
import type { Money } from './types';

/** The message of a validation issue on `field` (body.reason …), for the form field next to it. */
function issueFor(error: unknown, field: string): string | null {
  if (!(error instanceof ApiError)) return null;
  return error.issues.some((i) => i.path.replace(/^body\./, '') === field) ? field : null;
}

/**
 * A decision that needs a written reason (reject, cancel) or takes an optional note (release,
 * approve). A required reason is checked here as the API does (at least 2 characters).
 */
export function ReasonModal({ opened, onClose, title, body, label, description, confirmLabel, color, required, pending, error, onSubmit, testid, children }: {
  opened: boolean; onClose: () => void; title: ReactNode; body?: ReactNode; label: string; description?: string; confirmLabel: string;
  color?: string; required: boolean; pending: boolean; error: unknown; onSubmit: (text: string) => void; testid: string; children?: ReactNode;
}) {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: { text: '' },
    validate: { text: (v) => (required && v.trim().length < 2 ? t('tradeStaff.validation.reasonShort') : null) },
  });
  useEffect(() => {
    if (issueFor(error, 'reason') || issueFor(error, 'note')) form.setFieldError('text', t('tradeStaff.validation.reasonShort'));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when a new problem arrives
  }, [error]);
  const close = () => { form.reset(); onClose(); };
  return (
    <Modal opened={opened} onClose={close} title={title} size="md" data-testid={`${testid}-dialog`}>
      <form noValidate onSubmit={form.onSubmit((f) => onSubmit(f.text.trim()))}>
        <Stack gap="sm">
          <TradeProblem error={error} />
          {body && <Text size="sm" component="div">{body}</Text>}
          {children}
          <Textarea label={label} description={description} required={required} autosize minRows={3} maxRows={8} maxLength={500} data-autofocus
            data-testid={`${testid}-reason`} {...form.getInputProps('text')} />
          <Group justify="flex-end" gap="sm" mt="sm">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button type="submit" color={color} loading={pending} data-testid={`${testid}-submit`}>{confirmLabel}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** A confirmation without input, the API's problem shown inside. */
export function ConfirmModal({ opened, onClose, title, body, confirmLabel, color, pending, error, onConfirm, testid }: {
  opened: boolean; onClose: () => void; title: ReactNode; body: ReactNode; confirmLabel: string; color?: string; pending: boolean;
  error: unknown; onConfirm: () => void; testid: string;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="md" data-testid={`${testid}-dialog`}>
      <Stack gap="sm">
        <TradeProblem error={error} />
        <Text size="sm" component="div">{body}</Text>
        <Group justify="flex-end" gap="sm" mt="sm">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button color={color} loading={pending} onClick={onConfirm} data-testid={`${testid}-submit`}>{confirmLabel}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/**
 * A refund of part or all of what is still refundable: amount in yuan (converted to fen with string
 * arithmetic, never floats) and a reason. `max` is what the order can still give back.
 */
export function RefundModal({ opened, onClose, max, pending, error, onSubmit, intro }: {
  opened: boolean; onClose: () => void; max: Money; pending: boolean; error: unknown; intro?: ReactNode;
  onSubmit: (v: { amount: number; reason: string }) => void;
}) {
  const { t } = useTranslation();
  const f = useTradeFmt();
  const form = useForm({
    initialValues: { amount: '', reason: '' },
    validate: {
      amount: (v) => {
        const fen = parseYuan(v);
        if (fen === null || fen <= 0) return t('tradeStaff.validation.amount');
        if (fen > max.amount) return t('tradeStaff.validation.amountMax', { max: f.money(max) });
        return null;
      },
      reason: (v) => (v.trim().length < 2 ? t('tradeStaff.validation.reasonShort') : null),
    },
  });
  const close = () => { form.reset(); onClose(); };
  return (
    <Modal opened={opened} onClose={close} title={t('tradeStaff.refund.title')} size="md" data-testid="refund-dialog">
      <form noValidate onSubmit={form.onSubmit((v) => onSubmit({ amount: parseYuan(v.amount)!, reason: v.reason.trim() }))}>
        <Stack gap="sm">
          <TradeProblem error={error} />
          {intro}
          <Alert color="blue" variant="light">
            <Text size="sm">{t('tradeStaff.refund.max', { max: f.money(max) })}</Text>
          </Alert>
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <TextInput label={t('tradeStaff.refund.amount')} required leftSection="¥" inputMode="decimal" placeholder="0.00" style={{ flex: 1 }}
              data-autofocus data-testid="refund-amount" {...form.getInputProps('amount')} />
            <Button variant="default" onClick={() => form.setFieldValue('amount', fenToYuanText(max.amount))} data-testid="refund-full">
              {t('tradeStaff.refund.full')}
            </Button>
          </Group>
          <Textarea label={t('tradeStaff.refund.reason')} required autosize minRows={2} maxRows={6} maxLength={500}
            data-testid="refund-reason" {...form.getInputProps('reason')} />
          <Group justify="flex-end" gap="sm" mt="sm">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button type="submit" color="orange" loading={pending} data-testid="refund-submit">{t('tradeStaff.refund.submit')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
