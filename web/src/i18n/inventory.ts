import type { Messages } from './types';

/** inventory strings, 简体中文. */
export const inventoryZh = {
  title: 'inventory',
};
/** inventory strings, English (same keys; the compiler checks). */
export const inventoryEn: Messages<typeof inventoryZh> = {
  title: 'inventory',
};
