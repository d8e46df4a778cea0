import { Button, TextInput, type MantineSize } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useSearchParams } from 'react-router';

/**
 * The storefront search box: goes to /search?q=… (Chinese keywords work: 绿茶, 龙井, 耳机). It shows
 * the current keyword on a listing page and follows it when the URL changes (back, a removed filter).
 * Made to be mounted in the store header too (`size="sm"`, `testId="header-search"`).
 */
export function ShopSearchBox({ size = 'md', testId = 'shop-search', maw }: { size?: MantineSize; testId?: string; maw?: number | string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const loc = useLocation();
  const [sp] = useSearchParams();
  const urlQ = loc.pathname === '/search' || loc.pathname.startsWith('/c/') ? (sp.get('q') ?? '') : '';
  const [value, setValue] = useState(urlQ);
  const [shown, setShown] = useState(urlQ);
  if (shown !== urlQ) { // the URL's keyword changed (navigation): show it
    setShown(urlQ);
    setValue(urlQ);
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const q = value.trim().slice(0, 100);
    navigate(q ? `/search?q=${encodeURIComponent(q)}` : '/search');
  };
  return (
    <form role="search" onSubmit={submit} style={{ width: '100%', maxWidth: maw }} data-testid={`${testId}-form`}>
      <TextInput
        type="search" size={size} radius="xl" value={value} onChange={(e) => setValue(e.currentTarget.value)}
        aria-label={t('shop.search.label')} placeholder={t('shop.search.placeholder')} maxLength={100}
        leftSection={<IconSearch size={18} aria-hidden />} data-testid={`${testId}-input`}
        rightSectionWidth="auto" rightSectionPointerEvents="all"
        rightSection={<Button type="submit" radius="xl" size={size === 'md' || size === 'lg' ? 'sm' : 'compact-sm'} mr={4} data-testid={`${testId}-submit`}>{t('shop.search.submit')}</Button>}
        styles={{ input: { paddingRight: 80 } }}
      />
    </form>
  );
}
