/** Org units arrive as a flat list with `parent` ids; tables and pickers want a tree. */

interface UnitLike {
  id: number;
  name: string;
  parent?: number | null;
  sort?: number;
}

export type TreeRow<T> = T & { children?: TreeRow<T>[] };

function bySortThenName(a: UnitLike, b: UnitLike): number {
  return (a.sort ?? 0) - (b.sort ?? 0) || a.name.localeCompare(b.name, 'zh-CN');
}

/** Builds the tree; a unit whose parent is not in the list (out of the user's scope) becomes a root. */
export function buildOrgTree<T extends UnitLike>(units: readonly T[]): TreeRow<T>[] {
  const ids = new Set(units.map((unit) => unit.id));
  const childrenOf = new Map<number | null, T[]>();
  for (const unit of units) {
    const parent = unit.parent != null && ids.has(unit.parent) ? unit.parent : null;
    childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), unit]);
  }
  const grow = (parent: number | null): TreeRow<T>[] =>
    [...(childrenOf.get(parent) ?? [])].sort(bySortThenName).map((unit) => {
      const children = grow(unit.id);
      return children.length > 0 ? { ...unit, children } : { ...unit };
    });
  return grow(null);
}

/** The unit itself and everything under it: the parents it may not be moved under. */
export function selfAndDescendants(units: readonly UnitLike[], id: number): Set<number> {
  const found = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const unit of units) {
      if (unit.parent != null && found.has(unit.parent) && !found.has(unit.id)) {
        found.add(unit.id);
        grew = true;
      }
    }
  }
  return found;
}

/** Ids of units that have children, for expanding a whole tree table. */
export function parentIds(units: readonly UnitLike[]): number[] {
  const ids = new Set(units.map((unit) => unit.id));
  return [...new Set(units.flatMap((unit) => (unit.parent != null && ids.has(unit.parent) ? [unit.parent] : [])))];
}

export interface UnitTreeOption {
  value: number;
  title: string;
  disabled?: boolean;
  children?: UnitTreeOption[];
}

/** TreeSelect data; `disabledIds` are shown but cannot be picked. */
export function toTreeOptions(units: readonly UnitLike[], disabledIds: ReadonlySet<number> = new Set()): UnitTreeOption[] {
  const convert = (rows: TreeRow<UnitLike>[]): UnitTreeOption[] =>
    rows.map((row) => ({
      value: row.id,
      title: row.name,
      disabled: disabledIds.has(row.id) || undefined,
      children: row.children ? convert(row.children) : undefined,
    }));
  return convert(buildOrgTree(units));
}
