import { Autocomplete, Button, Checkbox, Group, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useSaveAddress, type Address, type AddressInput } from './api';
import { TradeProblem } from './TradeProblem';

// Provincial-level divisions of mainland China (省、自治区、直辖市), offered as suggestions; any text is accepted.
const PROVINCES = [
  '北京市', '天津市', '上海市', '重庆市', '河北省', '山西省', '辽宁省', '吉林省', '黑龙江省', '江苏省', '浙江省', '安徽省', '福建省', '江西省',
  '山东省', '河南省', '湖北省', '湖南省', '广东省', '海南省', '四川省', '贵州省', '云南省', '陕西省', '甘肃省', '青海省', '台湾省',
  '内蒙古自治区', '广西壮族自治区', '西藏自治区', '宁夏回族自治区', '新疆维吾尔自治区', '香港特别行政区', '澳门特别行政区',
];

const MOBILE = /^1[3-9]\d{9}$/;

const empty: AddressInput = { recipient: '', phone: '', province: '', city: '', district: '', detail: '', label: '', isDefault: false };

/** Add or edit a delivery address; `onSaved` gets the stored address (personal data is encrypted by the API). */
export function AddressForm({ address, onSaved, onCancel, defaultChecked = false }: {
  address?: Address | null; onSaved: (a: Address) => void; onCancel?: () => void; defaultChecked?: boolean;
}) {
  const { t } = useTranslation();
  const save = useSaveAddress();
  const required = (v: string) => (v.trim() ? null : t('validation.required'));
  const form = useForm<AddressInput>({
    initialValues: address
      ? { recipient: address.recipient, phone: address.phone, province: address.province, city: address.city, district: address.district,
        detail: address.detail, label: address.label, isDefault: address.isDefault }
      : { ...empty, isDefault: defaultChecked },
    validate: {
      recipient: required,
      phone: (v) => (MOBILE.test(v.replace(/[\s-]/g, '')) ? null : t('tradeStore.addresses.phoneInvalid')),
      province: required,
      city: required,
      detail: required,
    },
  });
  const submit = form.onSubmit((v) => {
    const input: AddressInput = {
      recipient: v.recipient.trim(), phone: v.phone.replace(/[\s-]/g, ''), province: v.province.trim(), city: v.city.trim(),
      district: (v.district ?? '').trim(), detail: v.detail.trim(), label: (v.label ?? '').trim(), isDefault: v.isDefault ?? false,
    };
    save.mutate({ id: address?.id ?? null, input }, {
      onSuccess: (a) => { notifications.show({ color: 'green', message: t('tradeStore.addresses.saved') }); onSaved(a); },
    });
  });
  return (
    <form onSubmit={submit} noValidate data-testid="address-form">
      <Stack gap="sm">
        <TradeProblem error={save.error} />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput label={t('tradeStore.addresses.recipient')} required autoComplete="name" maxLength={40} data-testid="address-recipient"
            {...form.getInputProps('recipient')} />
          <TextInput label={t('tradeStore.addresses.phone')} required autoComplete="tel" inputMode="tel" maxLength={20} data-testid="address-phone"
            {...form.getInputProps('phone')} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
          <Autocomplete label={t('tradeStore.addresses.province')} required data={PROVINCES} maxLength={20} autoComplete="address-level1"
            data-testid="address-province" {...form.getInputProps('province')} />
          <TextInput label={t('tradeStore.addresses.city')} required maxLength={20} autoComplete="address-level2" data-testid="address-city"
            {...form.getInputProps('city')} />
          <TextInput label={t('tradeStore.addresses.district')} maxLength={20} autoComplete="address-level3" data-testid="address-district"
            {...form.getInputProps('district')} />
        </SimpleGrid>
        <Textarea label={t('tradeStore.addresses.detail')} placeholder={t('tradeStore.addresses.detailPlaceholder')} required autosize minRows={2}
          maxLength={120} autoComplete="street-address" data-testid="address-detail" {...form.getInputProps('detail')} />
        <Group align="flex-end" gap="md" wrap="wrap">
          <TextInput label={t('tradeStore.addresses.label')} placeholder={t('tradeStore.addresses.labelPlaceholder')} maxLength={10} w={200}
            data-testid="address-label" {...form.getInputProps('label')} />
          <Checkbox label={t('tradeStore.addresses.isDefault')} mb={8} data-testid="address-default" {...form.getInputProps('isDefault', { type: 'checkbox' })} />
        </Group>
        <Group justify="flex-end" gap="sm">
          {onCancel && <Button variant="default" onClick={onCancel}>{t('common.cancel')}</Button>}
          <Button type="submit" loading={save.isPending} data-testid="address-save">{t('tradeStore.addresses.save')}</Button>
        </Group>
      </Stack>
    </form>
  );
}
