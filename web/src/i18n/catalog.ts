import type { Messages } from './types';

/** catalog strings, 简体中文. */
export const catalogZh = {
  title: 'catalog',
};
/** catalog strings, English (same keys; the compiler checks). */
export const catalogEn: Messages<typeof catalogZh> = {
  title: 'catalog',
};
