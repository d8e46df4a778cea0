import type { Messages } from './types';

/** shop strings, 简体中文. */
export const shopZh = {
  title: 'shop',
};
/** shop strings, English (same keys; the compiler checks). */
export const shopEn: Messages<typeof shopZh> = {
  title: 'shop',
};
