import { useMutation, useQuery, type QueryClient } from '@tanstack/react-query';
import { api, ApiError, unwrap, type Me } from '../api/client';

export const ME_KEY = ['me'] as const;

/** The signed-in account, or null for a guest. Loaded once and shared by every screen. */
export function useMe() {
  return useQuery<Me | null>({
    queryKey: ME_KEY,
    queryFn: async () => {
      try {
        return await unwrap(api.GET('/api/auth/me'));
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
    retry: (count, e) => !(e instanceof ApiError && e.status < 500) && count < 2,
  });
}

/** True when the account holds the permission. */
export function can(me: Me | null | undefined, permission: string): boolean {
  return Boolean(me?.permissions.includes(permission));
}

/**
 * Switches the cached account (sign-in, sign-out, registration): every other cached answer belonged
 * to the previous account and is dropped. The `me` query itself is kept so mounted screens follow.
 */
export function switchAccount(qc: QueryClient, me: Me | null): void {
  qc.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
  qc.setQueryData(ME_KEY, me);
}

/**
 * Signs out: ends the session on the server, then loads `mutate(to)` afresh, so nothing of the
 * previous account stays in memory (and a guarded page cannot redirect to sign-in on its way out).
 */
export function useSignOut() {
  return useMutation({
    mutationFn: (_to: string) => unwrap(api.POST('/api/auth/logout')),
    onSettled: (_data, _error, to) => { window.location.replace(to); },
  });
}
