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
  canViewCustomer: 'customers.customer.view',
  canAddCustomer: 'customers.customer.add',
  canChangeCustomer: 'customers.customer.change',
  canUnmaskCustomer: 'customers.customer.unmask',
  canExportCustomer: 'customers.customer.export',
  canBulkTagCustomer: 'customers.customer.bulk_tag',
  canReassignCustomer: 'customers.customer.reassign',
  canMergeCustomer: 'customers.customer.merge',
  canImportCustomer: 'customers.customer.import',
  canViewVisit: 'customers.visit.view',
  canAddVisit: 'customers.visit.add',
  canTriageVisit: 'customers.visit.triage',
  canChangeVisit: 'customers.visit.change',
  canViewConsultation: 'customers.consultation.view',
  canAddConsultation: 'customers.consultation.add',
  canChangeConsultation: 'customers.consultation.change',
  canViewAssessment: 'customers.assessment.view',
  canAddAssessment: 'customers.assessment.add',
  canChangeAssessment: 'customers.assessment.change',
  canViewComplaint: 'customers.complaint.view',
  canAddComplaint: 'customers.complaint.add',
  canHandleComplaint: 'customers.complaint.handle',
  canViewCustomerSettings: 'customers.settings.view',
  canManageCustomerSettings: 'customers.settings.manage',
  canViewHandbook: 'catalog.handbook.view',
  canViewCatalogItem: 'catalog.item.view',
  canManageCatalogItem: 'catalog.item.manage',
  canViewProduct: 'catalog.product.view',
  canManageProduct: 'catalog.product.manage',
  canViewCardType: 'catalog.card.view',
  canManageCardType: 'catalog.card.manage',
  canViewKnowledge: 'catalog.knowledge.view',
  canManageKnowledge: 'catalog.knowledge.manage',
  canViewDeduction: 'sales.deduction.view',
  canAddDeduction: 'sales.deduction.add',
  canReverseDeduction: 'sales.deduction.reverse',
  canViewPerformance: 'sales.performance.view',
  canViewAllPerformance: 'sales.performance.view_all',
  canViewOrder: 'sales.order.view',
  canAddOrder: 'sales.order.add',
  canVoidOrder: 'sales.order.void',
  canApproveDiscount: 'sales.discount.approve',
  canViewPayment: 'sales.payment.view',
  canTakePayment: 'sales.payment.take',
  canViewRefund: 'sales.refund.view',
  canRequestRefund: 'sales.refund.request',
  canApproveRefund: 'sales.refund.approve',
  canViewAsset: 'sales.asset.view',
  canViewDayEnd: 'sales.dayend.view',
  canViewSalesSettings: 'sales.settings.view',
  canManageSalesSettings: 'sales.settings.manage',
  canViewAppointment: 'appointments.appointment.view',
  canAddAppointment: 'appointments.appointment.add',
  canChangeAppointment: 'appointments.appointment.change',
  canCancelAppointment: 'appointments.appointment.cancel',
  canCheckInAppointment: 'appointments.appointment.checkin',
  canViewSchedule: 'appointments.schedule.view',
  canChangeSchedule: 'appointments.schedule.change',
  canChangeAppointmentResource: 'appointments.resource.change',
  canChangeAppointmentSettings: 'appointments.settings.change',
  canViewFollowup: 'followups.task.view',
  canAddFollowup: 'followups.task.add',
  canChangeFollowup: 'followups.task.change',
  canAssignFollowup: 'followups.task.assign',
  canChangeFollowupRule: 'followups.rule.change',
  canChangeCarePlan: 'followups.careplan.change',
  canChangeResourceRule: 'followups.resource.change',
  canViewResourceAction: 'followups.resource.view',
  canViewMessage: 'notify.message.view',
  canRetryMessage: 'notify.message.retry',
  canChangeMessageTemplate: 'notify.template.change',
  canChangeNotifySettings: 'notify.settings.change',
} as const;

export type PermissionFlag = keyof typeof PERMISSION_FLAGS;

export interface Access extends Record<PermissionFlag, boolean> {
  /** Signed in: the pages every member of staff may open (home, own password). */
  isSignedIn: boolean;
  /** Some page under 系统管理 is open to the user. */
  canViewSystem: boolean;
  /** Some page under 安全审计 is open to the user. */
  canViewAudit: boolean;
  /** Some page under 客户 is open to the user. */
  canViewCustomers: boolean;
  /** Some page under 前台接待 is open to the user. */
  canViewReception: boolean;
  /** The consultation page has a section the user may fill in: the consultation or a doctor's assessment. */
  canRecordConsultation: boolean;
  /** Some page under 项目与商品 is open to the user. */
  canViewCatalog: boolean;
  /** Some page under 执行划扣 is open to the user. */
  canViewTreatment: boolean;
  /** Some page under 收银 is open to the user. */
  canViewCashier: boolean;
  /** The refunds page has a list for the user: refunds, or discount approvals for a supervisor. */
  canViewApprovals: boolean;
  /** Some page under 预约中心 is open to the user. */
  canViewAppointments: boolean;
  /** Some page under 回访管理 is open to the user. */
  canViewFollowups: boolean;
  /** The resource-optimisation page: its rules (to read or change) and what they did. */
  canViewResources: boolean;
  /** Some page under 消息中心 is open to the user. */
  canViewMessages: boolean;
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
    canViewCustomers: flags.canViewCustomer || flags.canImportCustomer || flags.canViewCustomerSettings,
    canViewReception: flags.canViewVisit || flags.canViewComplaint,
    canRecordConsultation: flags.canAddConsultation || flags.canAddAssessment,
    canViewCatalog:
      flags.canViewHandbook || flags.canViewCatalogItem || flags.canViewProduct || flags.canViewCardType || flags.canViewKnowledge,
    canViewTreatment: flags.canAddDeduction || flags.canViewDeduction,
    canViewCashier:
      flags.canAddOrder || flags.canViewPayment || flags.canViewRefund || flags.canApproveDiscount || flags.canViewDayEnd || flags.canViewSalesSettings,
    canViewApprovals: flags.canViewRefund || flags.canApproveDiscount,
    canViewAppointments:
      flags.canViewAppointment || flags.canViewSchedule || flags.canChangeAppointmentResource || flags.canChangeAppointmentSettings,
    canViewFollowups:
      flags.canViewFollowup || flags.canChangeFollowupRule || flags.canChangeCarePlan || flags.canViewResourceAction || flags.canChangeResourceRule,
    canViewResources: flags.canViewResourceAction || flags.canChangeResourceRule,
    canViewMessages: flags.canViewMessage || flags.canChangeNotifySettings,
  };
}
