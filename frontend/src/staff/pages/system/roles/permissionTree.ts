/**
 * Checking permissions in the role editor. A button is useless without its page and a page without its
 * menu, so checking a node checks its ancestors (and, as a shortcut, everything under it); unchecking a
 * node unchecks everything under it. A page can thus be held without some or all of its buttons.
 */
import type { PermissionNode } from './service';

function findPath(nodes: readonly PermissionNode[], code: string): PermissionNode[] | null {
  for (const node of nodes) {
    if (node.code === code) return [node];
    const below = findPath(node.children, code);
    if (below) return [node, ...below];
  }
  return null;
}

function descendants(node: PermissionNode): string[] {
  return node.children.flatMap((child) => [child.code, ...descendants(child)]);
}

export function togglePermission(
  tree: readonly PermissionNode[],
  selected: readonly string[],
  code: string,
  checked: boolean,
): string[] {
  const path = findPath(tree, code);
  if (!path) return [...selected];
  const node = path[path.length - 1];
  const next = new Set(selected);
  if (checked) {
    for (const ancestor of path) next.add(ancestor.code);
    for (const below of descendants(node)) next.add(below);
  } else {
    next.delete(node.code);
    for (const below of descendants(node)) next.delete(below);
  }
  return [...next].sort();
}

/** Every code in the tree, for "select all". */
export function allCodes(tree: readonly PermissionNode[]): string[] {
  return tree.flatMap((node) => [node.code, ...descendants(node)]).sort();
}
