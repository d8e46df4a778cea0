import type { ComponentType } from 'react';

/** One side-navigation entry of a staff area. label is an i18n key; permission hides it from accounts without it. */
export type NavItem = { to: string; label: string; icon: ComponentType<{ size?: number }>; permission?: string };
