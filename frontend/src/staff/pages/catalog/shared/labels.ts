/** Display names and colours of the catalogue's enumerations, in the console's language. */
import { useTranslation } from 'react-i18next';

import type { ArticleKind, CardKind, ItemKind, ProductKind, RefundRule } from '../service';

export const ITEM_KIND_COLORS: Record<ItemKind, string> = {
  energy: 'gold',
  injection: 'magenta',
  surgery: 'volcano',
  skin: 'cyan',
  other: 'default',
};

export const CARD_KIND_COLORS: Record<CardKind, string> = {
  count: 'blue',
  combo: 'purple',
  choice: 'geekblue',
  stored_value: 'gold',
};

export function useCatalogLabels() {
  const { t } = useTranslation();
  return {
    itemKind: (kind: ItemKind | string) => t(`pages.catalog.itemKind.${kind as ItemKind}`),
    productKind: (kind: ProductKind | string) => t(`pages.catalog.productKind.${kind as ProductKind}`),
    cardKind: (kind: CardKind | string) => t(`pages.catalog.cardKind.${kind as CardKind}`),
    articleKind: (kind: ArticleKind | string) => t(`pages.catalog.articleKind.${kind as ArticleKind}`),
    refundRule: (rule: RefundRule | string) => t(`pages.catalog.refundRule.${rule as RefundRule}`),
  };
}
