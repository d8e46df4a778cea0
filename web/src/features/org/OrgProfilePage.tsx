import { Card, SimpleGrid, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { OrgKindBadge, StatusBadge } from '../../components/labels';
import { Field, Loading, Page } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDateTime } from '../../lib/format';

/** The caller's own organisation (seller, delivery or payment provider). */
export function OrgProfilePage() {
  const { t, i18n } = useTranslation();
  const org = useQuery({ queryKey: ['org'], queryFn: () => unwrap(api.GET('/api/org')) });
  return (
    <Page title={t('org.profileTitle')} description={t('org.profileHint')}>
      <ProblemAlert error={org.error} />
      {org.isPending ? <Loading /> : org.data && (
        <Card withBorder radius="lg" padding="lg">
          <Text fw={600} size="xl" mb="md" data-testid="org-name">{org.data.name}</Text>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md">
            <Field label={t('fields.orgKind')}><OrgKindBadge kind={org.data.kind} /></Field>
            <Field label={t('fields.entityType')}>{t(`entityType.${org.data.entityType}`)}</Field>
            <Field label={t('fields.status')}><StatusBadge status={org.data.status} /></Field>
            <Field label={t('fields.createdAt')}>{formatDateTime(org.data.createdAt, i18n.language)}</Field>
            <Field label={t('fields.updatedAt')}>{formatDateTime(org.data.updatedAt, i18n.language)}</Field>
            <Field label={t('fields.id')}><Text size="sm" className="shiji-mono">{org.data.id}</Text></Field>
          </SimpleGrid>
        </Card>
      )}
    </Page>
  );
}
