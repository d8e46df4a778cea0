import { Alert, Anchor, Button, Collapse, Divider, Group, Paper, ScrollArea, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconChevronDown, IconChevronUp } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { can, useMe } from '../../auth/session';
import { usePagedList } from '../../lib/paging';
import { keys } from './api';
import { fieldName, issueText } from './CatalogProblem';
import { groupBySku, ruleSubject, Segments, type ListingIssue } from './listing-rules';

/** Issues that are fixed on the prices tab; the others (price-tag text fields, SKU specification) on the details tab. */
const PRICE_TAB_RULES = new Set(['sku_price_missing', 'price_type_not_allowed']);
const onPricesTab = (i: ListingIssue) => PRICE_TAB_RULES.has(i.rule ?? '')
  || (i.rule === 'price_tag_field' && ['listPrice', 'memberPrice'].includes(String(i.params?.field ?? '')));

/** The tab of the seller's product page where these issues are fixed. */
export const fixTab = (issues: ListingIssue[]): 'prices' | 'info' => (issues.length === 0 || issues.some(onPricesTab) ? 'prices' : 'info');

/**
 * The issues of one product of the price-display supervision lists, one a line ("规格 LJ-50G、LJ-250G ·
 * 会员价：价签上必须标明此项": a finding on several SKUs once), from each issue's rule and params; the
 * seller center and the admin console share it.
 */
export function IssueList({ issues }: { issues: ListingIssue[] }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <Stack component="ul" gap={2} m={0} pl="md">
      {groupBySku(issues).map(({ issue, skus }, n) => {
        const subject = ruleSubject(t, lng, issue, skus);
        return (
          <Text component="li" size="sm" key={n} data-testid="price-display-issue" data-rule={issue.rule}>
            {subject ? <Segments parts={subject} code /> : fieldName(t, lng, issue.path)}{t('catalog.colon')}{issueText(t, lng, issue)}
          </Text>
        );
      })}
    </Stack>
  );
}

/** One product of the seller's list: its title and a button to the tab where its issues are fixed, then the issues. */
function ProductIssues({ item }: { item: { productId: string; title: string; issues: ListingIssue[] } }) {
  const { t } = useTranslation();
  const tab = fixTab(item.issues);
  const to = `/seller/products/${item.productId}?tab=${tab}`;
  return (
    <Stack gap={6} p="sm" data-testid="price-display-item" data-product-id={item.productId}>
      <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
        <Anchor component={Link} to={to} fw={600} size="sm" translate="no" style={{ minWidth: 0, flex: '1 1 200px' }} data-testid="price-display-link">
          {item.title}
        </Anchor>
        <Button component={Link} to={to} size="compact-sm" variant="light" color="orange" data-testid="price-display-fix">
          {tab === 'prices' ? t('catalog.display.fix') : t('catalog.display.fixInfo')}
        </Button>
      </Group>
      <IssueList issues={item.issues} />
    </Stack>
  );
}

/**
 * 明码标价提醒 at the top of the seller's product list: on-sale products whose price or mandatory
 * price-tag fields are missing under the category's current rule (PL-PRC-10). Nothing when there are none.
 */
export function PriceDisplayAlert() {
  const { t } = useTranslation();
  const me = useMe();
  const enabled = can(me.data, 'price:manage');
  const [open, setOpen] = useState(false);
  const list = usePagedList(keys.priceDisplay, (cursor) => unwrap(api.GET('/api/seller/price-display-issues', {
    params: { query: { limit: '100', cursor } },
  })), enabled);
  if (!enabled || list.isPending || list.error || list.items.length === 0) return null;
  const count = list.items.length;
  return (
    <Alert color="orange" variant="light" icon={<IconAlertTriangle size={20} />} data-testid="price-display-alert" data-count={count}
      title={list.hasNextPage ? t('catalog.display.titleMore', { count }) : t('catalog.display.title', { count })}>
      <Stack gap="xs">
        <Text size="sm">{t('catalog.display.hint')}</Text>
        <Group>
          <Button variant="subtle" color="orange" size="compact-sm" px={0} onClick={() => setOpen((o) => !o)} aria-expanded={open}
            rightSection={open ? <IconChevronUp size={14} /> : <IconChevronDown size={14} />} data-testid="price-display-toggle">
            {open ? t('catalog.display.hide') : t('catalog.display.show')}
          </Button>
        </Group>
        <Collapse expanded={open}>
          <Paper withBorder radius="md" data-testid="price-display-list">
            <ScrollArea.Autosize mah="min(480px, 60vh)" type="auto" offsetScrollbars>
              {list.items.map((p, i) => (
                <Fragment key={p.productId}>
                  {i > 0 && <Divider />}
                  <ProductIssues item={p} />
                </Fragment>
              ))}
            </ScrollArea.Autosize>
            {list.hasNextPage && (
              <Group justify="center" p="xs">
                <Button variant="default" size="xs" onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>{t('catalog.display.loadMore')}</Button>
              </Group>
            )}
          </Paper>
        </Collapse>
      </Stack>
    </Alert>
  );
}
