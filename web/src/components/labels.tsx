import { Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { OrgKind, Role } from '../api/client';
import { tData } from '../lib/i18n-dynamic';

const KIND_COLOR: Record<OrgKind, string> = { platform: 'grape', seller: 'brand', delivery: 'teal', payment: 'indigo' };

export function OrgKindBadge({ kind }: { kind: OrgKind }) {
  const { t } = useTranslation();
  return <Badge variant="light" color={KIND_COLOR[kind]}>{t(`orgKind.${kind}`)}</Badge>;
}

export function StatusBadge({ status }: { status: 'active' | 'suspended' | 'disabled' }) {
  const { t } = useTranslation();
  return <Badge variant="dot" color={status === 'active' ? 'green' : 'gray'}>{t(`status.${status}`)}</Badge>;
}

/** A role's name in the UI language. */
export function useRoleName() {
  const { i18n } = useTranslation();
  return (r: Pick<Role, 'name' | 'nameZh'>) => (i18n.language === 'en' ? r.name : r.nameZh);
}

export function RoleBadges({ roles }: { roles: Array<Pick<Role, 'id' | 'name' | 'nameZh'>> }) {
  const { t } = useTranslation();
  const name = useRoleName();
  if (roles.length === 0) return <Badge variant="outline" color="gray">{t('roles.none')}</Badge>;
  return <Group gap={4}>{roles.map((r) => <Badge key={r.id} variant="light" color="gray" tt="none">{name(r)}</Badge>)}</Group>;
}

/** A permission's description in the UI language (the key itself when unknown to this UI). */
export function usePermissionLabel() {
  const { t } = useTranslation();
  return (key: string) => tData(t, `permissions.${key.replace(':', '_')}`, key);
}
