import { Alert, Code, Stack, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { describeProblem, lineSegments, type Segment } from '../lib/problem-text';

/** Text in the UI language, with data (ids, keys the user typed) shown as it is and marked untranslatable. */
function Segments({ parts }: { parts: Segment[] }) {
  return (
    <>
      {parts.map((p, i) => (typeof p === 'string'
        ? <Fragment key={i}>{p}</Fragment>
        : <Code key={i} translate="no">{p.data}</Code>))}
    </>
  );
}

/**
 * The one place API failures are shown: a red alert where the action was started (form, card or
 * page). Title: a summary for the problem code; body: a localized message for the code built from
 * the problem's meta fields (see lib/problem-text.ts), then one line per validation issue or calendar
 * problem, then the request id. The API's English `detail` appears only for a code this UI does not know.
 */
export function ProblemAlert({ error, onClose }: { error: unknown; onClose?: () => void }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const view = describeProblem(error, t, i18n.language);
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={20} />} title={view.title} role="alert"
      withCloseButton={Boolean(onClose)} onClose={onClose} closeButtonLabel={t('common.close')}>
      <Stack gap={4}>
        {view.body && (
          <Text size="sm" data-testid="problem-detail" lang={view.bodyIsApiText ? 'en' : undefined}>
            <Segments parts={view.body} />
          </Text>
        )}
        {view.lines.length > 0 && (
          <Stack gap={2} component="ul" m={0} pl="md">
            {view.lines.map((line, i) => (
              <Text component="li" size="sm" key={i} data-testid="problem-issue"><Segments parts={lineSegments(t, line)} /></Text>
            ))}
          </Stack>
        )}
        {view.more > 0 && <Text size="xs" c="dimmed">{t('problemText.more', { count: view.more })}</Text>}
        {view.requestId && (
          <Text size="xs" c="dimmed">{t('problems.requestId')} <Code translate="no">{view.requestId}</Code></Text>
        )}
      </Stack>
    </Alert>
  );
}
