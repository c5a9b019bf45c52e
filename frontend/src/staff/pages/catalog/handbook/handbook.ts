/** The handbook's choices, as pure functions: which items a chosen category shows, found by name or code. */
import { descendantIds } from '../shared/categoryTree';
import type { HandbookIndex } from '../service';

type Index = Pick<HandbookIndex, 'categories' | 'items'>;
export type HandbookEntry = HandbookIndex['items'][number];

/** Top-level categories that have at least one item below them, in their order. */
export function rootsWithItems(index: Index): Index['categories'] {
  return index.categories.filter(
    (category) => category.parent == null && itemsUnder(index, category.id, '').length > 0,
  );
}

/** Sub-categories of `rootId` that have items. */
export function childrenWithItems(index: Index, rootId: number): Index['categories'] {
  return index.categories.filter((category) => category.parent === rootId && itemsUnder(index, category.id, '').length > 0);
}

/** Items in the category's subtree (every item without a category), matching `search` in name or code. */
export function itemsUnder(index: Index, categoryId: number | null, search: string): HandbookEntry[] {
  const term = search.trim().toLowerCase();
  const within = categoryId == null ? null : new Set(descendantIds(index.categories, categoryId));
  return index.items.filter(
    (item) =>
      (within == null || within.has(item.category)) &&
      (!term || item.name.toLowerCase().includes(term) || item.code.toLowerCase().includes(term)),
  );
}

/** The top-level category an item sits under (to open the handbook on an item from a link). */
export function rootOf(index: Index, categoryId: number): number | null {
  const byId = new Map(index.categories.map((category) => [category.id, category]));
  let current = byId.get(categoryId);
  for (let depth = 0; current && current.parent != null && depth < 10; depth += 1) current = byId.get(current.parent);
  return current?.id ?? null;
}
