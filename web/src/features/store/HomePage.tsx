import { Button, Card, Container, Group, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconBuildingStore, IconClipboardList, IconShieldCheck, IconTruckDelivery } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AREA_HOME, accountPath, areaOf } from '../../auth/areas';
import { useMe } from '../../auth/session';

/** The storefront home: what Shiji is and the ways in that exist today (register, sign in, account, staff areas). */
export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const signedIn = me.data ?? null;
  const area = signedIn ? areaOf(signedIn) : null;
  return (
    <>
      <div className="shiji-hero">
        <Container size="lg" py={{ base: 40, sm: 72 }}>
          <Stack gap="md" maw={640}>
            <Title order={1} fz={{ base: 30, sm: 42 }} lh={1.2} data-testid="home-title">
              {signedIn ? t('store.hello', { name: signedIn.displayName }) : t('store.heroTitle')}
            </Title>
            <Text size="lg" c="dark.4">{t('store.heroBody')}</Text>
            <Group gap="sm" mt="sm">
              {!signedIn && (
                <>
                  <Button size="md" component={Link} to="/register">{t('store.registerCta')}</Button>
                  <Button size="md" variant="default" component={Link} to="/login">{t('auth.signIn')}</Button>
                </>
              )}
              {signedIn && area === 'store' && (
                <Button size="md" component={Link} to={accountPath(signedIn)}>{t('nav.account')}</Button>
              )}
              {signedIn && area && area !== 'store' && (
                <Button size="md" component={Link} to={AREA_HOME[area]}>{t('store.goToArea', { area: t(`areas.${area}`) })}</Button>
              )}
            </Group>
          </Stack>
        </Container>
      </div>
      <Container size="lg" py="xl">
        <Stack gap="lg">
          <Card withBorder radius="lg" padding="lg">
            <Group wrap="nowrap" align="flex-start" gap="md">
              <ThemeIcon size={44} radius="md" variant="light"><IconShieldCheck size={24} /></ThemeIcon>
              <Stack gap={4}>
                <Title order={2} size="h4">{t('store.accountTitle')}</Title>
                <Text c="dimmed" size="sm">{t('store.accountBody')}</Text>
              </Stack>
            </Group>
          </Card>
          <Title order={2} size="h3" mt="md">{t('store.staffTitle')}</Title>
          <Text c="dimmed" mt={-8}>{t('store.staffBody')}</Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
            {([['seller', IconBuildingStore], ['delivery', IconTruckDelivery], ['admin', IconClipboardList]] as const).map(([a, Icon]) => (
              <Card key={a} withBorder radius="lg" padding="lg">
                <Stack gap="sm" h="100%">
                  <Group gap="sm" wrap="nowrap">
                    <ThemeIcon size={40} radius="md" variant="light" color="gray"><Icon size={22} /></ThemeIcon>
                    <Title order={3} size="h5">{t(`areas.${a}`)}</Title>
                  </Group>
                  <Text size="sm" c="dimmed" style={{ flex: 1 }}>{t(`store.areaBody.${a}`)}</Text>
                  <Button variant="light" component={Link} to={`/login?next=${encodeURIComponent(AREA_HOME[a])}`}>{t('store.staffSignIn')}</Button>
                </Stack>
              </Card>
            ))}
          </SimpleGrid>
        </Stack>
      </Container>
    </>
  );
}
