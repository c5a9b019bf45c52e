import { describe, expect, it } from 'vitest';

import { allCodes, togglePermission } from './permissionTree';
import type { PermissionNode } from './service';

const node = (code: string, kind: PermissionNode['kind'], children: PermissionNode[] = []): PermissionNode => ({
  code,
  name: code,
  name_en: code,
  kind,
  children,
});

const tree = [
  node('system', 'menu', [
    node('accounts.staff.view', 'page', [node('accounts.staff.add', 'button'), node('accounts.staff.unmask', 'button')]),
    node('accounts.role.view', 'page', [node('accounts.role.add', 'button')]),
  ]),
  node('audit', 'menu', [node('audit.log.view', 'page', [node('audit.log.export', 'button')])]),
];

describe('togglePermission', () => {
  it('checks a button together with its page and menu', () => {
    expect(togglePermission(tree, [], 'accounts.staff.unmask', true)).toEqual([
      'accounts.staff.unmask',
      'accounts.staff.view',
      'system',
    ]);
  });

  it('checks a page with all its buttons', () => {
    expect(togglePermission(tree, [], 'accounts.role.view', true)).toEqual([
      'accounts.role.add',
      'accounts.role.view',
      'system',
    ]);
  });

  it('unchecking a button keeps its page', () => {
    const selected = ['accounts.staff.add', 'accounts.staff.unmask', 'accounts.staff.view', 'system'];
    expect(togglePermission(tree, selected, 'accounts.staff.unmask', false)).toEqual([
      'accounts.staff.add',
      'accounts.staff.view',
      'system',
    ]);
  });

  it('unchecking a page drops its buttons but not its siblings', () => {
    const selected = ['accounts.role.view', 'accounts.staff.add', 'accounts.staff.view', 'system'];
    expect(togglePermission(tree, selected, 'accounts.staff.view', false)).toEqual(['accounts.role.view', 'system']);
  });

  it('leaves the selection alone for an unknown code', () => {
    expect(togglePermission(tree, ['audit'], 'nope', true)).toEqual(['audit']);
  });
});

describe('allCodes', () => {
  it('lists every node once', () => {
    expect(allCodes(tree)).toHaveLength(9);
  });
});
