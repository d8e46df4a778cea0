import { ActionIcon, Anchor, Avatar, Box, Button, Container, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconLogout, IconSearch, IconUserCircle, IconLayoutDashboard, IconMapPin, IconReceipt } from '@tabler/icons-react';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { AREA_HOME, accountPath, areaOf } from '../../auth/areas';
import { useMe, useSignOut } from '../../auth/session';
import { Brand } from '../../components/Brand';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { Loading } from '../../components/Page';
import { ShopSearchBox } from '../shop/SearchBox';
import { CartButton } from '../trade-store/CartButton';

function AccountMenu() {
  const { t } = useTranslation();
  const me = useMe();
  const signOut = useSignOut();
  if (me.isPending) return null;
  if (!me.data) {
    return (
      <Group gap="xs" wrap="nowrap">
        <Button component={Link} to="/login" variant="subtle" size="compact-md" data-testid="header-sign-in">{t('auth.signIn')}</Button>
        <Button component={Link} to="/register" size="compact-md" data-testid="header-register">{t('auth.register')}</Button>
      </Group>
    );
  }
  const area = areaOf(me.data);
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={t('nav.userMenu')} data-testid="user-menu" px={6} py={4} style={{ borderRadius: 8 }}>
          <Group gap={8} wrap="nowrap">
            <Avatar size={30} radius="xl" color="brand">{me.data.displayName.slice(0, 1)}</Avatar>
            <Text size="sm" fw={500} visibleFrom="xs" maw={140} truncate>{me.data.displayName}</Text>
            <IconChevronDown size={14} />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        {area !== 'store' && (
          <Menu.Item component={Link} to={AREA_HOME[area]} leftSection={<IconLayoutDashboard size={16} />}>
            {t('store.goToArea', { area: t(`areas.${area}`) })}
          </Menu.Item>
        )}
        {area === 'store' && (
          <>
            <Menu.Item component={Link} to="/account/orders" leftSection={<IconReceipt size={16} />} data-testid="menu-orders">{t('tradeStore.header.orders')}</Menu.Item>
            <Menu.Item component={Link} to="/account/addresses" leftSection={<IconMapPin size={16} />} data-testid="menu-addresses">{t('tradeStore.header.addresses')}</Menu.Item>
          </>
        )}
        <Menu.Item component={Link} to={accountPath(me.data)} leftSection={<IconUserCircle size={16} />}>{t('nav.account')}</Menu.Item>
        <Menu.Divider />
        <Menu.Item color="red" leftSection={<IconLogout size={16} />} data-testid="sign-out"
          onClick={() => signOut.mutate('/')}>
          {t('auth.signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

/** The storefront frame for guests and consumers: header, content, footer. */
export function StoreLayout() {
  const { t } = useTranslation();
  return (
    <Box mih="100vh" style={{ display: 'flex', flexDirection: 'column' }}>
      <a href="#main" className="shiji-skip-link">{t('nav.skipToContent')}</a>
      <Box component="header" py="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)', background: 'var(--mantine-color-body)' }}>
        <Container size="lg">
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Brand to="/" />
            <Box visibleFrom="sm" style={{ flex: 1, maxWidth: 420 }}><ShopSearchBox size="sm" testId="header-search" /></Box>
            <Group gap={4} wrap="nowrap">
              <ActionIcon component={Link} to="/search" hiddenFrom="sm" variant="subtle" color="gray" size="lg" aria-label={t('shop.search.label')}
                data-testid="header-search-link">
                <IconSearch size={20} />
              </ActionIcon>
              <CartButton />
              <LanguageSwitch compact />
              <AccountMenu />
            </Group>
          </Group>
        </Container>
      </Box>
      <Box component="main" id="main" style={{ flex: 1 }}>
        <Suspense fallback={<Loading />}><Outlet /></Suspense>
      </Box>
      <Box component="footer" py="lg" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
        <Container size="lg">
          <Group justify="space-between" gap="xs">
            <Text size="sm" c="dimmed">{t('app.footer')}</Text>
            <Anchor component={Link} to="/login" size="sm" c="dimmed">{t('store.staffSignIn')}</Anchor>
          </Group>
        </Container>
      </Box>
    </Box>
  );
}
