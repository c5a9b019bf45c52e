import { useTranslation } from 'react-i18next';

import { currentLanguage } from '@/locales';

import { discountFigure } from '../tierFormat';

/** "95 折" / "5% off" for a tier's discount rate, "无折扣" for full price. */
export function useDiscountText(): (rate: string | number | null | undefined) => string {
  // useTranslation re-renders the caller when the language changes.
  const { t } = useTranslation();
  return (rate) => {
    const figure = discountFigure(rate, currentLanguage());
    return figure === null
      ? t('pages.customers.settings.tiers.discount.none')
      : t('pages.customers.settings.tiers.discount.value', { value: figure });
  };
}
