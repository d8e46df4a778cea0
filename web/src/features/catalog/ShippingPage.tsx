import { Alert, Button, Card, Group, NumberInput, SimpleGrid, Stack, Switch, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconTruckDelivery } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { Loading, Page } from '../../components/Page';
import { formatDateTime } from '../../lib/format';
import { keys, type ShippingRule } from './api';
import { CatalogProblem } from './CatalogProblem';
import { money } from './labels';
import { parseYuan, yuanField } from './yuan';

type Values = { baseFee: string; freeOverOn: boolean; freeOver: string; extraItemFee: string; deliveryTerms: string };

/** The fee the API charges (PL-PRC-08): free from the threshold, else base + extra per unit after the first. Integer fen. */
export function shippingFee(rule: { baseFee: number; freeOver: number | null; extraItemFee: number }, goods: number, units: number): number {
  if (units <= 0) return 0;
  if (rule.freeOver !== null && goods >= rule.freeOver) return 0;
  return rule.baseFee + rule.extraItemFee * (units - 1);
}

function ShippingForm({ rule }: { rule: ShippingRule }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const lng = i18n.language;
  const amountRule = (v: string) => (parseYuan(v) === null ? t('catalog.price.err.amount') : null);
  const form = useForm<Values>({
    initialValues: { baseFee: yuanField(rule.baseFee.amount), freeOverOn: rule.freeOver !== null, freeOver: yuanField(rule.freeOver?.amount),
      extraItemFee: yuanField(rule.extraItemFee.amount), deliveryTerms: rule.deliveryTerms },
    validate: {
      baseFee: amountRule, extraItemFee: amountRule,
      freeOver: (v, f) => (f.freeOverOn ? amountRule(v) : null),
    },
  });
  const [units, setUnits] = useState<number | string>(2);
  const [goods, setGoods] = useState('80');
  const save = useMutation({
    mutationFn: (v: Values) => unwrap(api.PUT('/api/seller/shipping-rule', { body: {
      baseFee: parseYuan(v.baseFee)!, freeOver: v.freeOverOn ? parseYuan(v.freeOver) : null, extraItemFee: parseYuan(v.extraItemFee)!,
      deliveryTerms: v.deliveryTerms.trim(),
    } })),
    onSuccess: (r) => {
      qc.setQueryData(keys.shipping, r);
      notifications.show({ color: 'green', message: t('catalog.shipping.saved') });
      form.resetDirty();
    },
  });
  const v = form.values;
  const base = parseYuan(v.baseFee);
  const extra = parseYuan(v.extraItemFee);
  const free = v.freeOverOn ? parseYuan(v.freeOver) : null;
  const n = typeof units === 'number' ? units : Number(units) || 0;
  const goodsFen = parseYuan(goods);
  const valid = base !== null && extra !== null && (!v.freeOverOn || free !== null) && goodsFen !== null;
  const fee = valid ? shippingFee({ baseFee: base, freeOver: free, extraItemFee: extra }, goodsFen, n) : null;
  const yuan = { leftSection: <Text size="sm" c="dimmed">¥</Text>, inputMode: 'decimal' as const };
  return (
    <form noValidate onSubmit={form.onSubmit((x) => save.mutate(x))} data-testid="shipping-form">
      <Stack gap="md">
        <Card withBorder radius="lg" padding="md">
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput label={t('catalog.fields.baseFee')} withAsterisk description={t('catalog.shipping.baseHint')} {...yuan}
                {...form.getInputProps('baseFee')} data-testid="shipping-base" />
              <TextInput label={t('catalog.fields.extraItemFee')} withAsterisk description={t('catalog.shipping.extraHint')} {...yuan}
                {...form.getInputProps('extraItemFee')} data-testid="shipping-extra" />
            </SimpleGrid>
            <Switch label={t('catalog.shipping.freeOverOn')} {...form.getInputProps('freeOverOn', { type: 'checkbox' })} data-testid="shipping-free-on" />
            {v.freeOverOn && (
              <TextInput label={t('catalog.fields.freeOver')} withAsterisk description={t('catalog.shipping.freeHint')} {...yuan} maw={320}
                {...form.getInputProps('freeOver')} data-testid="shipping-free" />
            )}
            <Textarea label={t('catalog.fields.deliveryTerms')} autosize minRows={3} maxLength={500} description={t('catalog.shipping.termsHint')}
              placeholder={t('catalog.shipping.termsPlaceholder')} {...form.getInputProps('deliveryTerms')} data-testid="shipping-terms" />
          </Stack>
        </Card>
        <Card withBorder radius="lg" padding="md" data-testid="shipping-example">
          <Stack gap="sm">
            <Title order={4}>{t('catalog.shipping.example')}</Title>
            <Group gap="sm" align="flex-end" wrap="wrap">
              <NumberInput label={t('catalog.shipping.units')} min={1} max={999} allowDecimal={false} value={units} onChange={setUnits} w={120}
                data-testid="shipping-example-units" />
              <TextInput label={t('catalog.shipping.goods')} {...yuan} value={goods} onChange={(e) => setGoods(e.currentTarget.value)} w={160}
                error={goodsFen === null ? t('catalog.price.err.amount') : undefined} data-testid="shipping-example-goods" />
            </Group>
            <Alert color={fee === 0 ? 'green' : 'blue'} variant="light" icon={<IconTruckDelivery size={20} />} data-testid="shipping-example-result">
              <Text size="sm" fw={500}>
                {fee === null ? t('catalog.shipping.exampleInvalid') : t('catalog.shipping.exampleLine', {
                  units: n, goods: money({ amount: goodsFen!, currency: 'CNY' }, lng), fee: fee === 0 ? t('catalog.shipping.free') : money({ amount: fee, currency: 'CNY' }, lng),
                })}
              </Text>
              {fee !== null && (
                <Text size="xs" c="dimmed" mt={4}>
                  {free !== null && goodsFen! >= free ? t('catalog.shipping.whyFree', { over: money({ amount: free, currency: 'CNY' }, lng) })
                    : t('catalog.shipping.how', { base: money({ amount: base!, currency: 'CNY' }, lng), extra: money({ amount: extra!, currency: 'CNY' }, lng), more: Math.max(0, n - 1) })}
                </Text>
              )}
            </Alert>
          </Stack>
        </Card>
        <CatalogProblem error={save.error} />
        <Group justify="space-between">
          <Text size="sm" c="dimmed">{rule.updatedAt ? t('catalog.shipping.updated', { time: formatDateTime(rule.updatedAt, lng) }) : t('catalog.shipping.never')}</Text>
          <Button type="submit" loading={save.isPending} data-testid="shipping-save">{t('common.save')}</Button>
        </Group>
      </Stack>
    </form>
  );
}

/** 运费设置: base fee, free-shipping threshold, extra item fee and delivery terms, with a worked example. */
export function ShippingPage() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: keys.shipping, queryFn: () => unwrap(api.GET('/api/seller/shipping-rule')) });
  return (
    <Page title={t('catalog.shipping.title')} description={t('catalog.shipping.hint')}>
      {q.isPending ? <Loading /> : q.error ? <CatalogProblem error={q.error} /> : <ShippingForm rule={q.data} />}
    </Page>
  );
}
