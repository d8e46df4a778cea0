import type { ComponentType } from 'react';

/**
 * One side-navigation entry of a staff area. label is an i18n key; permission hides it from accounts
 * without it; group (an i18n key) puts a heading above the first of consecutive items of that group.
 */
export type NavItem = { to: string; label: string; icon: ComponentType<{ size?: number }>; permission?: string; group?: string };
