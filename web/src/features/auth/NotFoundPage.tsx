import { Button, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { AREA_HOME, areaOfPath } from '../../auth/areas';

export function NotFoundPage() {
  const { t } = useTranslation();
  const loc = useLocation();
  return (
    <Stack align="center" py={60} gap="md" ta="center">
      <Title order={1} size="h2">{t('notFound.title')}</Title>
      <Text c="dimmed">{t('notFound.body')}</Text>
      <Button component={Link} to={AREA_HOME[areaOfPath(loc.pathname)]} variant="light">{t('notFound.back')}</Button>
    </Stack>
  );
}
