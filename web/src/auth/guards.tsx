import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Center, Container } from '@mantine/core';
import { Loading } from '../components/Page';
import { ProblemAlert } from '../components/ProblemAlert';
import { NoPermissionPage } from '../features/auth/NoPermissionPage';
import { accountPath, areaOf, type Area } from './areas';
import { useMe } from './session';

function loginRedirect(pathname: string, search: string) {
  return `/login?next=${encodeURIComponent(pathname + search)}`;
}

/**
 * Shows an area only to accounts that work in it: guests go to sign-in, everyone else sees a clear
 * "no permission" page. The API enforces the same rule on every call; this only spares a dead end.
 */
export function RequireArea({ area, children }: { area: Area; children: ReactNode }) {
  const me = useMe();
  const loc = useLocation();
  if (me.isPending) return <Loading />;
  if (me.isError) return <Container size="sm" py="xl"><ProblemAlert error={me.error} /></Container>;
  if (!me.data) return <Navigate to={loginRedirect(loc.pathname, loc.search)} replace />;
  if (areaOf(me.data) !== area) return <NoPermissionPage me={me.data} />;
  return <>{children}</>;
}

/** Any signed-in account; staff are sent to the "my account" page of their own area. */
export function RequireSignedIn({ children }: { children: ReactNode }) {
  const me = useMe();
  const loc = useLocation();
  if (me.isPending) return <Center py="xl"><Loading /></Center>;
  if (me.isError) return <Container size="sm" py="xl"><ProblemAlert error={me.error} /></Container>;
  if (!me.data) return <Navigate to={loginRedirect(loc.pathname, loc.search)} replace />;
  if (areaOf(me.data) !== 'store') return <Navigate to={accountPath(me.data)} replace />;
  return <>{children}</>;
}
