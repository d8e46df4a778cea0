import { Alert, Code, Stack, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { tData } from '../lib/i18n-dynamic';

/**
 * The one place API failures are shown: a red alert where the action was started (form, card or
 * page). Title: a localized summary for the problem code; body: the API's own `detail`.
 */
export function ProblemAlert({ error, onClose }: { error: unknown; onClose?: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  const e = error instanceof ApiError ? error : null;
  const title = !e ? t('problems.generic')
    : e.status === 0 ? t('problems.network')
      : tData(t, `problems.${e.code}`, e.status >= 500 ? t('problems.server') : t('problems.generic'));
  const detail = !e ? (error instanceof Error ? error.message : String(error))
    : e.status === 0 ? t('problems.networkDetail') : e.detail;
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={20} />} title={title} role="alert"
      withCloseButton={Boolean(onClose)} onClose={onClose} closeButtonLabel={t('common.close')}>
      <Stack gap={4}>
        {detail && <Text size="sm" data-testid="problem-detail" lang={e && e.status !== 0 ? 'en' : undefined}>{detail}</Text>}
        {e && e.issues.length > 1 && (
          <Stack gap={0} component="ul" m={0} pl="md">
            {e.issues.slice(1, 6).map((i) => <Text component="li" size="xs" key={`${i.path}:${i.message}`}>{i.path}: {i.message}</Text>)}
          </Stack>
        )}
        {e?.requestId && <Text size="xs" c="dimmed">{t('problems.requestId')} <Code>{e.requestId}</Code></Text>}
      </Stack>
    </Alert>
  );
}
