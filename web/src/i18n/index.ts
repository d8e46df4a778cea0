import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { zhCN } from './zh-CN';
import { en } from './en';

export const LANGUAGES = [
  { code: 'zh-CN', label: '简体中文' },
  { code: 'en', label: 'English' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

const STORAGE_KEY = 'shiji.lang';

function storedLanguage(): Language {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (v === 'en' || v === 'zh-CN') return v;
  } catch { /* storage blocked: use the default */ }
  return 'zh-CN';
}

function applyLanguage(lng: string): void {
  document.documentElement.lang = lng;
  dayjs.locale(lng === 'en' ? 'en' : 'zh-cn');
  document.title = i18n.t('app.title');
}

/** zh-CN by default; the choice is remembered in localStorage. */
export function initI18n(): void {
  void i18n.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng: storedLanguage(),
    fallbackLng: 'zh-CN',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  applyLanguage(i18n.language);
  i18n.on('languageChanged', applyLanguage);
}

export function setLanguage(lng: Language): void {
  try { localStorage.setItem(STORAGE_KEY, lng); } catch { /* not remembered, still switched */ }
  void i18n.changeLanguage(lng);
}

/** The BCP 47 tag used for Intl formatting. */
export function intlLocale(lng: string): string {
  return lng === 'en' ? 'en-US' : 'zh-CN';
}

export { i18n };
