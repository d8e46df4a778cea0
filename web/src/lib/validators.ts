import { useTranslation } from 'react-i18next';

/** Client-side checks mirroring the API's rules, so common mistakes are caught before a round trip. */
export function useValidators() {
  const { t } = useTranslation();
  return {
    required: (v: string) => (v.trim() ? null : t('validation.required')),
    email: (v: string) => (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()) ? null : t('validation.email')),
    phone: (v: string) => (/^\+?[0-9][0-9 -]{6,19}$/.test(v.trim()) ? null : t('validation.phone')),
    password: (v: string) => (v.length >= 8 && v.length <= 128 ? null : t('validation.passwordRule')),
  };
}
