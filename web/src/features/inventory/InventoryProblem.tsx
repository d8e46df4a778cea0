import { Alert, Code, Stack, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { issueMessage } from '../../lib/problem-text';

const T = (t: TFunction) => t as unknown as (key: string, options?: Record<string, unknown>) => string;
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const num = (v: unknown) => (typeof v === 'number' ? String(v) : '?');

const FIELDS = ['code', 'name', 'address', 'region', 'latitude', 'longitude', 'capacity', 'priority', 'active', 'zone', 'pickSequence',
  'conditions', 'quantity', 'reason', 'documentNo', 'lowThreshold', 'maxThreshold', 'kind', 'skuIds'];
const FIELD_ALIASES: Record<string, string> = { skuId: 'sku', warehouseId: 'warehouse', fromWarehouseId: 'fromWarehouse', toWarehouseId: 'toWarehouse',
  locationId: 'location' };

/** A request field (body.quantity, querystring.skuIds) by its label on the inventory screens. */
function fieldName(t: TFunction, path: string): string {
  const key = path.replace(/^(body|querystring|params)\./, '').split('.')[0] ?? '';
  if (FIELD_ALIASES[key]) return T(t)(`inventory.fields.${FIELD_ALIASES[key]}`);
  return FIELDS.includes(key) ? T(t)(`inventory.fields.${key}`) : key;
}

// The API's own messages for inventory rules → the UI language.
const ISSUE_RULES: Array<[RegExp, string]> = [
  [/^use 1–40 letters/, 'inventory.validation.code'],
  [/non-zero quantity/, 'inventory.validation.nonZero'],
  [/quantity must be at least 1/, 'inventory.validation.positive'],
  [/needs a reason|^say why/, 'inventory.validation.reason'],
  [/needs the document number/, 'inventory.validation.documentNo'],
  [/different warehouse/, 'inventory.validation.differentWarehouse'],
  [/at least one SKU/, 'inventory.pick.needSkus'],
  [/at most 200 SKUs/, 'inventory.pick.tooMany'],
];

function issueText(t: TFunction, lng: string, message: string): string {
  for (const [re, key] of ISSUE_RULES) if (re.test(message)) return T(t)(key);
  return issueMessage(t, lng, message).text.map((s) => (typeof s === 'string' ? s : s.data)).join('');
}

type View = { title: string; body: ReactNode; lines: ReactNode[] };

function viewOf(t: TFunction, lng: string, e: ApiError): View | null {
  const tt = T(t);
  const m = e.body;
  const code = e.code.replace(/^inventory\./, '');
  const title = tt(`inventory.problem.title.${code}`);
  const body = (values: Record<string, unknown> = {}) => tt(`inventory.problem.${code}`, values);
  switch (e.code) {
    case 'validation_failed':
      return { title, body: tt('inventory.problem.validation'),
        lines: e.issues.map((i) => <>{fieldName(t, String(i.path ?? ''))}{tt('inventory.colon')}{issueText(t, lng, String(i.message ?? ''))}</>) };
    case 'inventory.warehouse_code_taken':
    case 'inventory.location_code_taken':
      return { title, body: body({ code: str(m.warehouseCode) || str(m.locationCode) }), lines: [] };
    case 'inventory.location_full':
      return { title, body: body({ capacity: num(m.capacity), stored: num(m.stored), adding: num(m.adding) }), lines: [] };
    case 'inventory.sku_not_found':
      return { title, body: body({ skuId: str(m.skuId) }), lines: [] };
    case 'inventory.insufficient_stock':
      return { title, body: body({ sku: str(m.skuLabel) ? tt('inventory.problem.skuNamed', { label: str(m.skuLabel) })
        : tt('inventory.problem.skuById', { skuId: str(m.skuId) }), available: num(m.available), requested: num(m.requested),
        warehouse: tt('inventory.problem.thisWarehouse') }), lines: [] };
    case 'inventory.stock_limit_exceeded':
      return { title, body: body({ limit: num(m.limit) }), lines: [] };
    case 'inventory.invalid_thresholds':
      return { title, body: body({ low: num(m.lowThreshold), max: num(m.maxThreshold) }), lines: [] };
    case 'inventory.out_of_stock':
      return { title, body: body({ skuId: str(m.skuId), requested: num(m.requested), available: num(m.available) }), lines: [] };
    case 'inventory.warehouse_not_found':
    case 'inventory.location_not_found':
    case 'inventory.invalid_reservation':
      return { title, body: body(), lines: [] };
    default:
      return null;
  }
}

/**
 * API failures of the inventory screens: the inventory module's own codes (and validation issues
 * naming the inventory fields) in the UI language, built from the problem's meta fields; every other
 * problem through the shared ProblemAlert.
 */
export function InventoryProblem({ error, onClose }: { error: unknown; onClose?: () => void }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const view = error instanceof ApiError ? viewOf(t, i18n.language, error) : null;
  if (!view || !(error instanceof ApiError)) return <ProblemAlert error={error} onClose={onClose} />;
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={20} />} title={view.title} role="alert" data-testid="inventory-problem"
      data-code={error.code} withCloseButton={Boolean(onClose)} onClose={onClose} closeButtonLabel={t('common.close')}>
      <Stack gap={4}>
        <Text size="sm" data-testid="problem-detail">{view.body}</Text>
        {view.lines.length > 0 && (
          <Stack gap={2} component="ul" m={0} pl="md">
            {view.lines.map((line, i) => <Text component="li" size="sm" key={i} data-testid="problem-issue">{line}</Text>)}
          </Stack>
        )}
        {error.requestId && <Text size="xs" c="dimmed">{t('problems.requestId')} <Code translate="no">{error.requestId}</Code></Text>}
      </Stack>
    </Alert>
  );
}
