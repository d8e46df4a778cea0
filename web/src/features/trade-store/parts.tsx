import { ActionIcon, Badge, Container, Group, NumberInput, Stack, Tabs, Text } from '@mantine/core';
import { IconMinus, IconPhoto, IconPlus } from '@tabler/icons-react';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import type { Money } from '../../lib/money';
import { moneyText } from '../shop/format';
import type { SalesUnit } from '../shop/api';
import type { OrderStatus } from './api';
import { unitText } from './format';
import classes from './trade.module.css';

export const MAX_QUANTITY = 9999;

/**
 * − [n] + for a quantity. Typing commits on blur or Enter, so the API is not called per keystroke;
 * `max` (the available stock) disables + but typing more is still allowed and the API explains.
 */
export function QuantityStepper({ value, onChange, max, disabled, testId = 'quantity', label }: {
  value: number; onChange: (n: number) => void; max?: number; disabled?: boolean; testId?: string; label?: string;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState<string | number>(value);
  useEffect(() => { setText(value); }, [value]);
  const limit = Math.min(MAX_QUANTITY, max && max > 0 ? max : MAX_QUANTITY);
  const commit = () => {
    const n = typeof text === 'number' ? text : Number.parseInt(text, 10);
    if (!Number.isInteger(n) || n < 1) { setText(value); return; }
    const clamped = Math.min(n, MAX_QUANTITY);
    if (clamped !== value) onChange(clamped);
    else setText(value);
  };
  return (
    <Group gap={0} wrap="nowrap" className={classes.stepper} data-testid={testId} data-quantity={value}>
      <ActionIcon variant="default" size={32} radius={0} className={classes.stepperButton} aria-label={t('tradeStore.quantity.decrease')}
        disabled={disabled || value <= 1} onClick={() => onChange(value - 1)} data-testid={`${testId}-decrease`}>
        <IconMinus size={14} />
      </ActionIcon>
      <NumberInput value={text} onChange={setText} onBlur={commit} onKeyDown={(e) => { if (e.key === 'Enter') commit(); }}
        hideControls allowDecimal={false} allowNegative={false} min={1} max={MAX_QUANTITY} clampBehavior="none" disabled={disabled}
        aria-label={label ?? t('tradeStore.quantity.input')} w={56} radius={0} size="sm" classNames={{ input: classes.stepperInput }}
        data-testid={`${testId}-input`} />
      <ActionIcon variant="default" size={32} radius={0} className={classes.stepperButton} aria-label={t('tradeStore.quantity.increase')}
        disabled={disabled || value >= limit} onClick={() => onChange(value + 1)} data-testid={`${testId}-increase`}>
        <IconPlus size={14} />
      </ActionIcon>
    </Group>
  );
}

/** A product thumbnail (square), or a grey placeholder. */
export function Thumb({ url, size = 80, dim = false }: { url: string | null; size?: number; dim?: boolean }) {
  return (
    <div className={classes.thumb} style={{ width: size, height: size, opacity: dim ? 0.5 : 1 }}>
      {url ? <img src={url} alt="" loading="lazy" /> : <IconPhoto size={Math.round(size / 2.5)} aria-hidden />}
    </div>
  );
}

export function Price({ value, size = 'sm', strong = false, c }: { value: Money; size?: string; strong?: boolean; c?: string }) {
  const { i18n } = useTranslation();
  return <Text span size={size} fw={strong ? 700 : 500} c={c} style={{ whiteSpace: 'nowrap' }}>{moneyText(value, i18n.language)}</Text>;
}

const STATUS_COLOR: Record<OrderStatus, string> = {
  placed: 'orange', paid: 'blue', confirmed: 'teal', allocated: 'teal', handed_over: 'cyan', in_delivery: 'cyan', delivered: 'green',
  refused: 'red', completed: 'green', cancelled: 'gray', after_sales: 'grape',
};

export function OrderStatusBadge({ status, size = 'md' }: { status: OrderStatus; size?: 'sm' | 'md' | 'lg' }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status] ?? 'gray'} variant="light" radius="sm" tt="none" size={size} data-testid="order-status" data-status={status}>
      {t(`tradeStore.status.${status}`)}
    </Badge>
  );
}

export function OverdueBadge() {
  const { t } = useTranslation();
  return <Badge color="red" variant="filled" radius="sm" tt="none" data-testid="order-overdue">{t('tradeStore.due.overdue')}</Badge>;
}

/** The consumer's own area: orders, addresses, account settings (tabs that navigate). */
export function AccountFrame({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const loc = useLocation();
  const navigate = useNavigate();
  const current = loc.pathname.startsWith('/account/orders') ? '/account/orders' : loc.pathname.startsWith('/account/addresses') ? '/account/addresses' : '/account';
  return (
    <Container size="lg" py={{ base: 'sm', sm: 'lg' }}>
      <Stack gap="lg">
        <Tabs value={current} onChange={(v) => { if (v) navigate(v); }} variant="outline" aria-label={t('tradeStore.account.nav')}>
          <Tabs.List className={classes.tabsScroll}>
            <Tabs.Tab value="/account/orders" data-testid="account-nav-orders">{t('tradeStore.account.orders')}</Tabs.Tab>
            <Tabs.Tab value="/account/addresses" data-testid="account-nav-addresses">{t('tradeStore.account.addresses')}</Tabs.Tab>
            <Tabs.Tab value="/account" data-testid="account-nav-settings">{t('tradeStore.account.settings')}</Tabs.Tab>
          </Tabs.List>
        </Tabs>
        {children}
      </Stack>
    </Container>
  );
}

/** "50g · 每份 50g" without saying the same thing twice: the specification (data) and the sales unit. */
export function SpecAndUnit({ specification, salesUnit }: { specification: string; salesUnit: SalesUnit }) {
  const { t, i18n } = useTranslation();
  const unit = unitText(t, salesUnit, i18n.language, specification);
  return (
    <Text size="xs" c="dimmed">
      {specification && <span translate="no" data-testid="line-spec">{specification}</span>}
      {specification && unit && ' · '}
      {unit && <span data-testid="line-unit">{unit}</span>}
    </Text>
  );
}
