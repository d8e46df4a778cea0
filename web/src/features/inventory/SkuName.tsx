import { ActionIcon, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** What every inventory output carries to name a SKU: its id, the seller's code and the catalog's label. */
export type SkuNamed = { skuId: string; skuCode: string; skuLabel: string };

/** The main text for a SKU: its label (product title · specification), else its code, else its id. */
export const skuText = (s: SkuNamed) => s.skuLabel || s.skuCode || s.skuId;

/**
 * A SKU as people know it: the product label, with the seller's SKU code small and dimmed below.
 * The id stays at hand (hover title, `data-sku-id`, and with `copyable` a copy button) but is never
 * the main text unless the catalog has not named the SKU yet.
 */
export function SkuName({ sku, size = 'sm', copyable = false, lineClamp = 2 }: { sku: SkuNamed; size?: 'xs' | 'sm' | 'md'; copyable?: boolean;
  lineClamp?: number }) {
  const { t } = useTranslation();
  const title = `${t('inventory.fields.skuId')}${t('inventory.colon')}${sku.skuId}`;
  const named = Boolean(sku.skuLabel);
  return (
    <Group gap={4} wrap="nowrap" align="flex-start" style={{ minWidth: 0 }} data-testid="sku-name" data-sku-id={sku.skuId}>
      <Stack gap={0} style={{ minWidth: 0 }} title={title}>
        {named ? <Text size={size} lineClamp={lineClamp} data-testid="sku-label">{sku.skuLabel}</Text>
          : <Text size={size} className="shiji-mono" translate="no" data-testid="sku-label">{sku.skuCode || sku.skuId}</Text>}
        {named && sku.skuCode && <Text size="xs" c="dimmed" className="shiji-mono" translate="no" data-testid="sku-code">{sku.skuCode}</Text>}
        {!named && <Text size="xs" c="dimmed">{t('inventory.sku.unnamed')}</Text>}
      </Stack>
      {copyable && (
        <CopyButton value={sku.skuId} timeout={1500}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? t('inventory.sku.copied') : t('inventory.sku.copyId')} withArrow>
              <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} size="sm" onClick={copy} aria-label={t('inventory.sku.copyId')}
                data-testid="sku-copy-id">
                {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      )}
    </Group>
  );
}
