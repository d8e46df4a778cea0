import { Button, Center, Text } from '@mantine/core';
import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';

type PageOf<T> = { items: T[]; nextCursor: string | null };

/** A cursor-paged list ({ items, nextCursor }): pages load on demand with "load more". */
export function usePagedList<T>(queryKey: QueryKey, fetchPage: (cursor: string | undefined) => Promise<PageOf<T>>, enabled = true) {
  const q = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return { ...q, items };
}

export function LoadMore({ list }: { list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown; items: unknown[]; isPending: boolean } }) {
  const { t } = useTranslation();
  if (list.isPending) return null;
  if (list.items.length === 0) return <Center py="lg"><Text c="dimmed" size="sm">{t('common.empty')}</Text></Center>;
  if (!list.hasNextPage) return null;
  return (
    <Center py="sm">
      <Button variant="default" onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>{t('common.loadMore')}</Button>
    </Center>
  );
}
