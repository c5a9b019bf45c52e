/** The side menu, built from the route table and filtered by the user's access flags. */
import { matchPath } from 'react-router';

import type { Access } from '../access';
import type { AppRoute, MenuKey } from '../routes';

export interface MenuEntry {
  key: string;
  name: MenuKey;
  icon?: AppRoute['icon'];
  children?: MenuEntry[];
}

export function buildMenu(routes: AppRoute[], access: Access): MenuEntry[] {
  const entries: MenuEntry[] = [];
  for (const route of routes) {
    if (route.hideInMenu || !access[route.access]) continue;
    if (route.children) {
      const children = buildMenu(route.children, access);
      // A group whose pages are all hidden would be an empty, useless heading.
      if (children.length > 0) entries.push({ key: route.path, name: route.name, icon: route.icon, children });
    } else {
      entries.push({ key: route.path, name: route.name, icon: route.icon });
    }
  }
  return entries;
}

/** The menu item to highlight and the group to open for a location. */
export function locateMenu(entries: MenuEntry[], pathname: string): { selected: string[]; open: string[] } {
  for (const entry of entries) {
    for (const child of entry.children ?? []) {
      if (pathname === child.key || pathname.startsWith(`${child.key}/`)) {
        return { selected: [child.key], open: [entry.key] };
      }
    }
    if (!entry.children && pathname === entry.key) return { selected: [entry.key], open: [] };
  }
  return { selected: [], open: [] };
}

/** The path whose menu item stands for `pathname`: a page outside the menu names its item in `activeMenu`.
 * Static paths win over patterns, as in the router (`/customers/import` is not `/customers/:id`). */
export function menuPathFor(routes: AppRoute[], pathname: string): string {
  const all = flatten(routes);
  const exact = all.find((route) => route.path === pathname);
  if (exact) return exact.activeMenu ?? pathname;
  const page = all.find((route) => route.activeMenu && matchPath({ path: route.path, end: true }, pathname));
  return page?.activeMenu ?? pathname;
}

function flatten(routes: AppRoute[]): AppRoute[] {
  return routes.flatMap((route) => [route, ...flatten(route.children ?? [])]);
}
