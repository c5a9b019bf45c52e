/** What the nurse sees of a customer's entitlements (剩余次数): which can be deducted, in what order, and the
 * items an N-choose-M card offers. Pure functions over the API's rows. */
import type { Entitlement } from './service';

export interface ChoiceItem {
  item: number;
  code: string;
  name: string;
  unit: string;
  /** At most this many sessions of the item on the card; null for no limit. */
  cap: number | null;
}

/** An expired, used-up or refunded entitlement is shown (greyed) but cannot be picked. */
export function isDeductible(entitlement: Pick<Entitlement, 'status' | 'sessions_remaining' | 'is_expired'>): boolean {
  return entitlement.status === 'active' && entitlement.sessions_remaining > 0 && !entitlement.is_expired;
}

/** Deductible first, the soonest to expire first among them (no expiry last); then the rest, by id. */
export function sortEntitlements<T extends Pick<Entitlement, 'id' | 'status' | 'sessions_remaining' | 'is_expired' | 'expires_on'>>(
  rows: readonly T[],
): T[] {
  const expiry = (row: T) => row.expires_on ?? '9999-12-31';
  return [...rows].sort((a, b) => {
    const usable = Number(isDeductible(b)) - Number(isDeductible(a));
    if (usable !== 0) return usable;
    const byExpiry = expiry(a).localeCompare(expiry(b));
    return byExpiry !== 0 ? byExpiry : a.id - b.id;
  });
}

/** The eligible items of an N-choose-M card, read defensively from the API's free-form list. */
export function choiceItemsOf(entitlement: Pick<Entitlement, 'is_choice' | 'choice_items'>): ChoiceItem[] {
  if (!entitlement.is_choice) return [];
  const items: ChoiceItem[] = [];
  for (const raw of entitlement.choice_items) {
    const item = Number(raw.item);
    if (!Number.isInteger(item) || item <= 0) continue;
    const cap = raw.cap === null || raw.cap === undefined ? null : Number(raw.cap);
    items.push({
      item,
      code: String(raw.code ?? ''),
      name: String(raw.name ?? ''),
      unit: String(raw.unit ?? ''),
      cap: cap !== null && Number.isInteger(cap) ? cap : null,
    });
  }
  return items;
}

/** The most sessions one deduction may take: what is left, and an item's cap on a choice card. */
export function maxQuantity(entitlement: Pick<Entitlement, 'sessions_remaining'>, choice?: ChoiceItem | null): number {
  const left = Math.max(0, entitlement.sessions_remaining);
  return choice?.cap != null ? Math.min(left, choice.cap) : left;
}

/** How the entitlement is named on its card: the item, or the card's name for an N-choose-M card. */
export function entitlementTitle(entitlement: Pick<Entitlement, 'item_name' | 'card_name' | 'is_choice'>): string {
  if (entitlement.is_choice) return entitlement.card_name ?? entitlement.item_name;
  return entitlement.item_name;
}
