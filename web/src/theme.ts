import { createTheme, type MantineColorsTuple } from '@mantine/core';

// 朱橙: a warm market colour; shade 7 (#c2410c) passes WCAG AA on white for text and buttons.
const brand: MantineColorsTuple = ['#fff4ed', '#ffe6d5', '#fecaaa', '#fdac74', '#fb8a3c', '#f97316', '#ea580c', '#c2410c', '#9a3412', '#7c2d12'];

const fontFamily = '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", sans-serif';

export const theme = createTheme({
  primaryColor: 'brand',
  primaryShade: 7,
  colors: { brand },
  fontFamily,
  headings: { fontFamily, fontWeight: '600' },
  defaultRadius: 'md',
  focusRing: 'auto',
  cursorType: 'pointer',
});
