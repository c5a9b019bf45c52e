/** Words for the customer file's codes in the console's language; the server's `*_display` are Chinese only. */
import { useTranslation } from 'react-i18next';

import { currentLanguage } from '@/locales';

import type { ConsentKind, ConsentSource, CustomerEvent, Gender } from './service';

export function useCustomerLabels() {
  const { t } = useTranslation();
  const english = currentLanguage() === 'en-US';
  return {
    gender: (gender: Gender) => t(`pages.customers.gender.${gender}`),
    consentKind: (kind: ConsentKind) => t(`pages.customers.consent.kind.${kind}`),
    consentSource: (source: ConsentSource) => t(`pages.customers.consent.source.${source}`),
    /** A title the server sends in both languages (tabs, figures). */
    titled: (item: { title: string; title_en: string }) => (english && item.title_en ? item.title_en : item.title),
    eventType: (event: Pick<CustomerEvent, 'type_display' | 'type_display_en'>) =>
      english && event.type_display_en ? event.type_display_en : event.type_display,
    /** "女 · 32 岁" */
    genderAge: (gender: Gender, age: number | null) =>
      [gender !== 'unknown' ? t(`pages.customers.gender.${gender}`) : null, age !== null ? t('pages.customers.age', { count: age }) : null]
        .filter(Boolean)
        .join(' · '),
  };
}
