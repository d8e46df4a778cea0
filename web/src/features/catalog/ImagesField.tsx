import { ActionIcon, Badge, Box, Button, FileButton, Group, Image, Input, Stack, Text, Tooltip } from '@mantine/core';
import { IconArrowLeft, IconArrowRight, IconPhotoPlus, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { imageSrc, MAX_IMAGES, uploadImage } from './api';
import { CatalogProblem } from './CatalogProblem';
import { IMAGE_FORMATS, withData } from './data-text';

const TYPES = ['image/png', 'image/jpeg', 'image/webp'];
const MAX_BYTES = 5 * 1024 * 1024;

/**
 * Product images: upload (PNG, JPEG or WebP up to 5 MB, sent as the raw body), thumbnails in order
 * (the first is the cover), move left/right, remove; at most nine.
 */
export function ImagesField({ value, onChange, error, required }: { value: string[]; onChange: (ids: string[]) => void; error?: React.ReactNode; required?: boolean }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(0);
  const [problem, setProblem] = useState<unknown>(null);
  const [local, setLocal] = useState<React.ReactNode>(null);
  const room = MAX_IMAGES - value.length;

  const upload = async (files: File[]) => {
    setProblem(null);
    setLocal(null);
    const picked = files.slice(0, Math.max(0, room));
    if (files.length > picked.length) setLocal(t('catalog.images.tooMany', { max: MAX_IMAGES }));
    let ids = value;
    for (const f of picked) {
      if (!TYPES.includes(f.type)) { setLocal(withData((m) => t('catalog.images.badType', { name: m(0), formats: m(1) }), [f.name, IMAGE_FORMATS])); continue; }
      if (f.size > MAX_BYTES) { setLocal(withData((m) => t('catalog.images.tooBig', { name: m(0) }), [f.name])); continue; }
      setBusy((n) => n + 1);
      try {
        const img = await uploadImage(f);
        ids = [...ids, img.id];
        onChange(ids);
      } catch (e) {
        setProblem(e);
      } finally {
        setBusy((n) => n - 1);
      }
    }
  };
  const move = (i: number, d: -1 | 1) => {
    const next = [...value];
    const [x] = next.splice(i, 1);
    next.splice(i + d, 0, x!);
    onChange(next);
  };

  return (
    <Input.Wrapper label={t('catalog.fields.images')} withAsterisk={required} error={error}
      description={withData((m) => t('catalog.images.hint', { max: MAX_IMAGES, formats: m(0) }), [IMAGE_FORMATS])} data-testid="product-images">
      <Stack gap="xs" mt={6}>
        <Group gap="sm" align="flex-start">
          {value.map((id, i) => (
            <Box key={`${id}-${i}`} pos="relative" data-testid="product-image" data-image-id={id}
              style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8, overflow: 'hidden', background: 'white' }}>
              <Image src={imageSrc(id)} w={104} h={104} fit="cover" alt={t('catalog.images.alt', { n: i + 1 })} />
              {i === 0 && <Badge size="xs" pos="absolute" top={4} left={4} variant="filled">{t('catalog.images.cover')}</Badge>}
              <Group gap={2} justify="space-between" p={2} bg="var(--mantine-color-gray-0)">
                <Tooltip label={t('catalog.images.left')}>
                  <ActionIcon size="sm" variant="subtle" color="gray" disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('catalog.images.left')}>
                    <IconArrowLeft size={14} />
                  </ActionIcon>
                </Tooltip>
                <Tooltip label={t('catalog.images.remove')}>
                  <ActionIcon size="sm" variant="subtle" color="red" onClick={() => onChange(value.filter((_, j) => j !== i))}
                    aria-label={t('catalog.images.remove')} data-testid="product-image-remove">
                    <IconX size={14} />
                  </ActionIcon>
                </Tooltip>
                <Tooltip label={t('catalog.images.right')}>
                  <ActionIcon size="sm" variant="subtle" color="gray" disabled={i === value.length - 1} onClick={() => move(i, 1)} aria-label={t('catalog.images.right')}>
                    <IconArrowRight size={14} />
                  </ActionIcon>
                </Tooltip>
              </Group>
            </Box>
          ))}
          {room > 0 && (
            <FileButton onChange={(files) => void upload(files)} accept={TYPES.join(',')} multiple
              inputProps={{ 'data-testid': 'product-image-input' } as React.ComponentProps<'input'>}>
              {(props) => (
                <Button {...props} variant="default" w={104} h={104 + 28} loading={busy > 0} data-testid="product-image-upload"
                  styles={{ inner: { flexDirection: 'column', gap: 6 }, label: { flexDirection: 'column', whiteSpace: 'normal', textAlign: 'center' } }}>
                  <IconPhotoPlus size={24} />
                  <Text size="xs" mt={4}>{t('catalog.images.add')}</Text>
                </Button>
              )}
            </FileButton>
          )}
        </Group>
        <Text size="xs" c="dimmed">{t('catalog.images.count', { n: value.length, max: MAX_IMAGES })}</Text>
        {local && <Text size="sm" c="red" role="alert">{local}</Text>}
        <CatalogProblem error={problem} onClose={() => setProblem(null)} testId="image-problem" />
      </Stack>
    </Input.Wrapper>
  );
}
