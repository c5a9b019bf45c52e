/** The order being written, as the page holds it, and the API body built from it. */
import { discountRateOf, inputToAmount } from '../../../../utils/money';
import type { CatalogKind, DiscountInput, LineInput } from '../../service';

export type DiscountMode = 'none' | 'rate' | 'amount';

export interface DiscountDraft {
  mode: DiscountMode;
  /** A rate as typed (0.85, 8.5 or 85) or an amount in yuan. */
  value: string;
  reason: string;
}

export interface LineDraft {
  key: string;
  kind: CatalogKind;
  id: number;
  code: string;
  name: string;
  unit: string;
  price_amount: string;
  quantity: number;
  discount: DiscountDraft;
}

export const NO_DISCOUNT: DiscountDraft = { mode: 'none', value: '', reason: '' };

/** The discount as the API takes it; a rate the page cannot read goes as typed so the server names it. */
export function discountBody(draft: DiscountDraft): DiscountInput | null {
  if (draft.mode === 'none' || draft.value.trim() === '') return null;
  if (draft.mode === 'rate') return { rate: discountRateOf(draft.value) ?? draft.value.trim(), reason: draft.reason.trim() };
  return { amount: inputToAmount(draft.value.trim()), reason: draft.reason.trim() };
}

export function lineBody(line: LineDraft): LineInput {
  const target = line.kind === 'item' ? { item: line.id } : line.kind === 'product' ? { product: line.id } : { card_type: line.id };
  const discount = discountBody(line.discount);
  return { kind: line.kind, quantity: line.quantity, ...target, ...(discount ? { discount } : {}) };
}
