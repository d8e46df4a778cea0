import { Alert, AppShell, Avatar, Box, Burger, Button, Divider, Group, Menu, NavLink, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBuildingStore, IconCalendarTime, IconChevronDown, IconClipboardList, IconHistory, IconLogout, IconShieldLock,
  IconTruckDelivery, IconUserCircle, IconUsers, IconUsersGroup, IconBuilding, IconListCheck } from '@tabler/icons-react';
import { Fragment, Suspense, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import type { Me } from '../api/client';
import { AREA_HOME, type Area } from '../auth/areas';
import { can, useMe, useSignOut } from '../auth/session';
import { Brand } from './Brand';
import { LanguageSwitch } from './LanguageSwitch';
import { Loading } from './Page';

import type { NavItem } from './nav';
import { SELLER_CATALOG_NAV } from '../features/catalog/nav';
import { ADMIN_CATALOG_NAV } from '../features/catalog-admin/nav';
import { ADMIN_INVENTORY_NAV, SELLER_INVENTORY_NAV } from '../features/inventory/nav';
import { SELLER_TRADE_NAV } from '../features/trade-seller/nav';
import { ADMIN_FINANCE_NAV, ADMIN_TRADE_NAV } from '../features/trade-admin/nav';

const ADMIN_NAV: NavItem[] = [
  ...ADMIN_CATALOG_NAV,
  ...ADMIN_INVENTORY_NAV,
  ...ADMIN_TRADE_NAV,
  ...ADMIN_FINANCE_NAV,
  { to: 'organisations', label: 'nav.organisations', icon: IconBuilding, permission: 'org:read' },
  { to: 'accounts', label: 'nav.accounts', icon: IconUsers, permission: 'staff:read' },
  { to: 'roles', label: 'nav.roles', icon: IconShieldLock, permission: 'staff:read' },
  { to: 'audit', label: 'nav.audit', icon: IconHistory, permission: 'audit:read' },
  { to: 'calendars', label: 'nav.calendars', icon: IconCalendarTime, permission: 'calendar:read' },
  { to: 'jobs', label: 'nav.jobs', icon: IconListCheck, permission: 'jobs:read' },
];
const ORG_NAV: NavItem[] = [
  { to: 'org', label: 'nav.orgProfile', icon: IconBuildingStore, permission: 'own_org:read' },
  { to: 'staff', label: 'nav.staff', icon: IconUsersGroup, permission: 'own_staff:read' },
  { to: 'roles', label: 'nav.roles', icon: IconShieldLock, permission: 'own_staff:read' },
];
const ACCOUNT_ITEM: NavItem = { to: 'account', label: 'nav.account', icon: IconUserCircle };

const AREA_ICON: Record<Exclude<Area, 'store'>, ComponentType<{ size?: number }>> = {
  admin: IconClipboardList, seller: IconBuildingStore, delivery: IconTruckDelivery, payment: IconBuilding,
};

const SELLER_NAV: NavItem[] = [...SELLER_CATALOG_NAV, ...SELLER_TRADE_NAV, ...SELLER_INVENTORY_NAV, ...ORG_NAV];

function navFor(area: Exclude<Area, 'store'>, me: Me): NavItem[] {
  const items = area === 'admin' ? ADMIN_NAV : area === 'seller' ? SELLER_NAV : ORG_NAV;
  return [...items.filter((i) => !i.permission || can(me, i.permission)), ACCOUNT_ITEM];
}

/** Sends an area's bare URL to its first screen the account may use. */
export function AreaIndex({ area }: { area: Exclude<Area, 'store'> }) {
  const me = useMe();
  if (!me.data) return null;
  const first = navFor(area, me.data)[0]!;
  return <Navigate to={`${AREA_HOME[area]}/${first.to}`} replace />;
}

function UserMenu({ me, area }: { me: Me; area: Exclude<Area, 'store'> }) {
  const { t } = useTranslation();
  const signOut = useSignOut();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={t('nav.userMenu')} data-testid="user-menu" px={6} py={4} style={{ borderRadius: 8 }}>
          <Group gap={8} wrap="nowrap">
            <Avatar size={30} radius="xl" color="brand">{me.displayName.slice(0, 1)}</Avatar>
            <Box visibleFrom="sm">
              <Text size="sm" fw={500} lh={1.2}>{me.displayName}</Text>
              <Text size="xs" c="dimmed" lh={1.2}>{me.org?.name}</Text>
            </Box>
            <IconChevronDown size={14} />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item component={Link} to={`${AREA_HOME[area]}/account`} leftSection={<IconUserCircle size={16} />}>{t('nav.account')}</Menu.Item>
        <Menu.Divider />
        <Menu.Item color="red" leftSection={<IconLogout size={16} />} data-testid="sign-out"
          onClick={() => signOut.mutate('/login')}>
          {t('auth.signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

/** The frame of the seller center, admin console and delivery/payment portals: header, side navigation, content. */
export function StaffLayout({ area }: { area: Exclude<Area, 'store'> }) {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const me = useMe();
  const loc = useLocation();
  if (!me.data) return null;
  const items = navFor(area, me.data);
  const Icon = AREA_ICON[area];
  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="lg">
      <a href="#main" className="shiji-skip-link">{t('nav.skipToContent')}</a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} />
            <Brand to={AREA_HOME[area]} />
            <Group gap={6} visibleFrom="xs" c="dimmed" wrap="nowrap">
              <Icon size={18} />
              <Text size="sm" fw={500} data-testid="area-name">{t(`areas.${area}`)}</Text>
            </Group>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <LanguageSwitch compact />
            <UserMenu me={me.data} area={area} />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label={t('nav.main')}>
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap={2}>
            {items.map((i, n) => {
              const to = `${AREA_HOME[area]}/${i.to}`;
              const active = loc.pathname === to || loc.pathname.startsWith(`${to}/`);
              const heading = i.group && i.group !== items[n - 1]?.group;
              const groupEnded = !i.group && items[n - 1]?.group;
              return (
                <Fragment key={i.to}>
                  {groupEnded && <Divider my={6} />}
                  {heading && <Text size="xs" fw={600} c="dimmed" px="sm" pt={n === 0 ? 0 : 'sm'} pb={2} data-testid="nav-group">{t(i.group as never)}</Text>}
                  <NavLink component={Link} to={to} label={t(i.label as never)} leftSection={<i.icon size={18} />}
                    active={active} aria-current={active ? 'page' : undefined} onClick={close} />
                </Fragment>
              );
            })}
          </Stack>
        </AppShell.Section>
        <AppShell.Section>
          <Text size="xs" c="dimmed" px="sm" py="xs">{t('app.footer')}</Text>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id="main" bg="var(--mantine-color-gray-0)">
        {me.data.mustEnrollTotp && (
          <Alert color="yellow" mb="lg" title={t('account.totp.mustEnrollTitle')}>
            <Group justify="space-between" gap="sm">
              <Text size="sm">{t('account.totp.mustEnrollBody')}</Text>
              <Button size="xs" component={Link} to={`${AREA_HOME[area]}/account`}>{t('account.totp.setUpNow')}</Button>
            </Group>
          </Alert>
        )}
        <Box maw={1200} mx="auto"><Suspense fallback={<Loading />}><Outlet /></Suspense></Box>
      </AppShell.Main>
    </AppShell>
  );
}
