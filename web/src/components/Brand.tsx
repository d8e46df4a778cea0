import { Group, Text, ThemeIcon, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** The 市集 mark and name, linking to an area's home. */
export function Brand({ to = '/' }: { to?: string }) {
  const { t } = useTranslation();
  return (
    <UnstyledButton component={Link} to={to} aria-label={t('app.homeLink')} style={{ borderRadius: 8 }}>
      <Group gap={8} wrap="nowrap">
        <ThemeIcon size={32} radius="md" color="brand" aria-hidden><Text fw={700} size="lg" c="white" lh={1}>市</Text></ThemeIcon>
        {/* On phones the icon alone names the shop: the header needs the room for search, cart, language and account. */}
        <Text fw={700} size="lg" lh={1} visibleFrom="xs">{t('app.name')}</Text>
      </Group>
    </UnstyledButton>
  );
}
