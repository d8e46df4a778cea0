import { Anchor, Box, Container, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Brand } from '../../components/Brand';
import { LanguageSwitch } from '../../components/LanguageSwitch';

/** A centred card on a quiet background: sign-in and registration. */
export function AuthLayout({ title, subtitle, children }: { title: string; subtitle?: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Box mih="100vh" bg="var(--mantine-color-gray-0)">
      <Container size="lg" py="sm">
        <Group justify="space-between" wrap="nowrap">
          <Brand to="/" />
          <LanguageSwitch />
        </Group>
      </Container>
      <Container size={440} pt={{ base: 16, sm: 48 }} pb="xl" component="main" id="main">
        <Paper withBorder shadow="sm" radius="lg" p={{ base: 'lg', sm: 32 }}>
          <Stack gap={4} mb="lg">
            <Title order={1} size="h2">{title}</Title>
            {subtitle && <Text c="dimmed" size="sm">{subtitle}</Text>}
          </Stack>
          {children}
        </Paper>
        <Text ta="center" size="sm" mt="lg">
          <Anchor component={Link} to="/" c="dimmed">{t('auth.backToStore')}</Anchor>
        </Text>
      </Container>
    </Box>
  );
}
