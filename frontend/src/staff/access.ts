/**
 * Menu and button visibility derived from `GET me/`, as a pure function. The server still enforces every
 * permission; these flags only keep staff from seeing what they cannot use.
 */
import type { Me } from './session/service';

/** Every permission code of the foundation, by the flag that the console checks. */
export const PERMISSION_FLAGS = {
  canViewSystemMenu: 'system',
  canViewAuditMenu: 'audit',
  canViewOrgUnit: 'accounts.orgunit.view',
  canAddOrgUnit: 'accounts.orgunit.add',
  canChangeOrgUnit: 'accounts.orgunit.change',
  canDeleteOrgUnit: 'accounts.orgunit.delete',
  canViewPosition: 'accounts.position.view',
  canAddPosition: 'accounts.position.add',
  canChangePosition: 'accounts.position.change',
  canDeletePosition: 'accounts.position.delete',
  canViewStaff: 'accounts.staff.view',
  canAddStaff: 'accounts.staff.add',
  canChangeStaff: 'accounts.staff.change',
  canDisableStaff: 'accounts.staff.disable',
  canResetStaffPassword: 'accounts.staff.reset_password',
  canAssignStaffRoles: 'accounts.staff.assign_roles',
  canUnlockStaff: 'accounts.staff.unlock',
  canUnmaskStaff: 'accounts.staff.unmask',
  canViewRole: 'accounts.role.view',
  canAddRole: 'accounts.role.add',
  canChangeRole: 'accounts.role.change',
  canDeleteRole: 'accounts.role.delete',
  canViewAuditLog: 'audit.log.view',
  canExportAuditLog: 'audit.log.export',
} as const;

export type PermissionFlag = keyof typeof PERMISSION_FLAGS;

export interface Access extends Record<PermissionFlag, boolean> {
  /** Signed in: the pages every member of staff may open (home, own password). */
  isSignedIn: boolean;
  /** Some page under 系统管理 is open to the user. */
  canViewSystem: boolean;
  /** Some page under 安全审计 is open to the user. */
  canViewAudit: boolean;
}

export type AccessFlag = keyof Access;

export function getAccess(me: Pick<Me, 'permissions'> | null | undefined): Access {
  const held = new Set(me?.permissions ?? []);
  const flags = Object.fromEntries(
    Object.entries(PERMISSION_FLAGS).map(([flag, code]) => [flag, held.has(code)]),
  ) as Record<PermissionFlag, boolean>;
  return {
    ...flags,
    isSignedIn: Boolean(me),
    // A menu group shows when a page under it does; the menu code alone would open an empty group.
    canViewSystem: flags.canViewOrgUnit || flags.canViewPosition || flags.canViewStaff || flags.canViewRole,
    canViewAudit: flags.canViewAuditLog,
  };
}
