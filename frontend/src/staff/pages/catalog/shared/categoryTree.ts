/** The category tree, built from the API's flat list (each row names its `parent`). */

export interface CategoryRow {
  id: number;
  name: string;
  parent?: number | null;
  sort?: number;
  is_active?: boolean;
}

export interface CategoryNode<T extends CategoryRow = CategoryRow> {
  key: number;
  value: number;
  title: string;
  row: T;
  children: CategoryNode<T>[];
}

const bySort = (a: CategoryRow, b: CategoryRow) => (a.sort ?? 0) - (b.sort ?? 0) || a.id - b.id;

/** Roots first, children under their parent, each level in `sort` order. A row whose parent is missing
 * (filtered out, e.g. inactive) becomes a root rather than disappearing. */
export function buildCategoryTree<T extends CategoryRow>(rows: T[]): CategoryNode<T>[] {
  const ids = new Set(rows.map((row) => row.id));
  const children = new Map<number | null, T[]>();
  for (const row of [...rows].sort(bySort)) {
    const parent = row.parent != null && ids.has(row.parent) ? row.parent : null;
    children.set(parent, [...(children.get(parent) ?? []), row]);
  }
  const build = (parent: number | null, seen: Set<number>): CategoryNode<T>[] =>
    (children.get(parent) ?? [])
      .filter((row) => !seen.has(row.id))
      .map((row) => ({
        key: row.id,
        value: row.id,
        title: row.name,
        row,
        children: build(row.id, new Set([...seen, row.id])),
      }));
  return build(null, new Set());
}

/** The category and every category below it. */
export function descendantIds(rows: CategoryRow[], id: number): number[] {
  const found: number[] = [];
  const todo = [id];
  while (todo.length > 0) {
    const current = todo.pop() as number;
    if (found.includes(current)) continue;
    found.push(current);
    todo.push(...rows.filter((row) => row.parent === current).map((row) => row.id));
  }
  return found;
}

/** 光电 › 光子嫩肤: the names from the root down to the category. */
export function categoryPath(rows: CategoryRow[], id: number | null | undefined): string[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const names: string[] = [];
  let current = id != null ? byId.get(id) : undefined;
  while (current && !names.includes(current.name) && names.length < 10) {
    names.unshift(current.name);
    current = current.parent != null ? byId.get(current.parent) : undefined;
  }
  return names;
}
