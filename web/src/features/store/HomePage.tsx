import { Anchor, Button, Container, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AREA_HOME, areaOf } from '../../auth/areas';
import { useMe } from '../../auth/session';
import { ALL, CategoryEntries, CategoryShelves, Shelf } from '../shop/HomeParts';
import { ShopSearchBox } from '../shop/SearchBox';

/** The storefront home: search, categories as entry points, the newest products and a shelf per top category. */
export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const signedIn = me.data ?? null;
  const area = signedIn ? areaOf(signedIn) : null;
  return (
    <>
      <div className="shiji-hero">
        <Container size="lg" py={{ base: 24, sm: 40 }}>
          <Stack gap="sm" maw={680}>
            <Title order={1} fz={{ base: 26, sm: 34 }} lh={1.2} data-testid="home-title">
              {signedIn ? t('store.hello', { name: signedIn.displayName }) : t('store.heroTitle')}
            </Title>
            <Text size="md" c="dark.4">{t('shop.home.tagline')}</Text>
            <ShopSearchBox size="lg" />
            {signedIn && area && area !== 'store' && (
              <Group>
                <Button variant="light" component={Link} to={AREA_HOME[area]}>{t('store.goToArea', { area: t(`areas.${area}`) })}</Button>
              </Group>
            )}
          </Stack>
        </Container>
      </div>
      <Container size="lg" py={{ base: 'md', sm: 'xl' }}>
        <Stack gap={40}>
          <CategoryEntries />
          <Shelf title={t('shop.home.newest')} filter={ALL} limit={8} testId="home-newest" />
          <CategoryShelves />
          <Group gap="xs" c="dimmed" fz="sm" data-testid="home-staff-links">
            <Text size="sm" c="dimmed">{t('shop.home.staffLinks')}</Text>
            {(['seller', 'delivery', 'admin'] as const).map((a) => (
              <Anchor key={a} component={Link} size="sm" c="dimmed" to={`/login?next=${encodeURIComponent(AREA_HOME[a])}`}>{t(`areas.${a}`)}</Anchor>
            ))}
          </Group>
        </Stack>
      </Container>
    </>
  );
}
