import { Button, Container, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Me } from '../../api/client';
import { AREA_HOME, areaOf } from '../../auth/areas';
import { useSignOut } from '../../auth/session';
import { LanguageSwitch } from '../../components/LanguageSwitch';

/** Shown when a signed-in account opens an area it does not work in. */
export function NoPermissionPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const signOut = useSignOut();
  const area = areaOf(me);
  return (
    <Container size={520} py={80}>
      <Group justify="flex-end" mb="md"><LanguageSwitch /></Group>
      <Paper withBorder p="xl" radius="lg" shadow="sm">
        <Stack align="center" gap="md" ta="center">
          <ThemeIcon size={56} radius="xl" variant="light" color="red"><IconLock size={30} /></ThemeIcon>
          <Title order={1} size="h2" data-testid="no-permission">{t('noPermission.title')}</Title>
          <Text c="dimmed">{t('noPermission.body', { name: me.displayName, area: t(`areas.${area}`) })}</Text>
          <Group justify="center" gap="sm" wrap="wrap">
            <Button component={Link} to={AREA_HOME[area]}>{t('noPermission.goHome', { area: t(`areas.${area}`) })}</Button>
            <Button variant="default" loading={signOut.isPending}
              onClick={() => signOut.mutate('/login')}>
              {t('noPermission.switchAccount')}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Container>
  );
}
