import { describe, expect, it } from 'vitest';

import { getAccess, PERMISSION_FLAGS } from './access';

const codes = (...permissions: string[]) => ({ permissions });

describe('getAccess', () => {
  it('grants nothing without a user', () => {
    const access = getAccess(null);
    expect(Object.values(access).every((flag) => flag === false)).toBe(true);
  });

  it('maps every permission code of the contract to its own flag', () => {
    for (const [flag, code] of Object.entries(PERMISSION_FLAGS)) {
      const access = getAccess(codes(code));
      expect(access[flag as keyof typeof PERMISSION_FLAGS]).toBe(true);
      const others = Object.keys(PERMISSION_FLAGS).filter((other) => other !== flag);
      expect(others.filter((other) => access[other as keyof typeof PERMISSION_FLAGS])).toEqual([]);
    }
  });

  it('marks a signed-in user with no permissions as signed in only', () => {
    const access = getAccess(codes());
    expect(access.isSignedIn).toBe(true);
    expect(access.canViewSystem).toBe(false);
    expect(access.canViewAudit).toBe(false);
  });

  it('opens the system menu when any page under it is open', () => {
    for (const code of ['accounts.orgunit.view', 'accounts.position.view', 'accounts.staff.view', 'accounts.role.view']) {
      expect(getAccess(codes(code)).canViewSystem).toBe(true);
    }
  });

  it('keeps the system menu closed for its menu code without a page', () => {
    const access = getAccess(codes('system', 'accounts.staff.add'));
    expect(access.canViewSystem).toBe(false);
    expect(access.canAddStaff).toBe(true);
  });

  it('gives the auditor the audit log and its export only', () => {
    const access = getAccess(codes('audit', 'audit.log.view', 'audit.log.export'));
    expect(access.canViewAudit).toBe(true);
    expect(access.canExportAuditLog).toBe(true);
    expect(access.canViewSystem).toBe(false);
    expect(access.canViewStaff).toBe(false);
  });

  it('opens the consultation page to consultants and to doctors who assess', () => {
    expect(getAccess(codes('customers.consultation.add')).canRecordConsultation).toBe(true);
    expect(getAccess(codes('customers.assessment.add')).canRecordConsultation).toBe(true);
    expect(getAccess(codes('customers.consultation.view', 'customers.assessment.view')).canRecordConsultation).toBe(false);
  });

  it('opens the catalogue menu when any of its pages is open', () => {
    for (const code of ['catalog.handbook.view', 'catalog.item.view', 'catalog.product.view', 'catalog.card.view', 'catalog.knowledge.view']) {
      expect(getAccess(codes(code)).canViewCatalog).toBe(true);
    }
    const manageOnly = getAccess(codes('catalog', 'catalog.item.manage'));
    expect(manageOnly.canViewCatalog).toBe(false);
    expect(manageOnly.canManageCatalogItem).toBe(true);
  });

  it('opens the cashier menu to order takers, cashiers, approvers and settings readers', () => {
    for (const code of ['sales.order.add', 'sales.payment.view', 'sales.refund.view', 'sales.discount.approve', 'sales.dayend.view', 'sales.settings.view']) {
      expect(getAccess(codes(code)).canViewCashier).toBe(true);
    }
    expect(getAccess(codes('sales.order.view', 'sales.asset.view')).canViewCashier).toBe(false);
    expect(getAccess(codes('sales.discount.approve')).canViewApprovals).toBe(true);
    expect(getAccess(codes('sales.payment.view')).canViewApprovals).toBe(false);
  });

  it('opens the treatment menu to staff who deduct or read deductions, and tells own from everyone\'s performance', () => {
    expect(getAccess(codes('sales.deduction.add')).canViewTreatment).toBe(true);
    expect(getAccess(codes('sales.deduction.view')).canViewTreatment).toBe(true);
    expect(getAccess(codes('sales.asset.view', 'sales.performance.view')).canViewTreatment).toBe(false);
    const own = getAccess(codes('sales.performance.view'));
    expect([own.canViewPerformance, own.canViewAllPerformance]).toEqual([true, false]);
    expect(getAccess(codes('sales.deduction.reverse')).canReverseDeduction).toBe(true);
  });

  it('opens the appointment centre to readers of appointments or schedules and to its administrators', () => {
    for (const code of ['appointments.appointment.view', 'appointments.schedule.view', 'appointments.resource.change', 'appointments.settings.change']) {
      expect(getAccess(codes(code)).canViewAppointments).toBe(true);
    }
    const addOnly = getAccess(codes('appointments', 'appointments.appointment.add'));
    expect(addOnly.canViewAppointments).toBe(false);
    expect(addOnly.canAddAppointment).toBe(true);
  });

  it('opens 回访管理 for any of its pages and the resource page to readers or editors of its rules', () => {
    for (const code of ['followups.task.view', 'followups.rule.change', 'followups.careplan.change', 'followups.resource.view', 'followups.resource.change']) {
      expect(getAccess(codes(code)).canViewFollowups).toBe(true);
    }
    expect(getAccess(codes('followups.task.add', 'followups.task.change', 'followups.task.assign')).canViewFollowups).toBe(false);
    expect(getAccess(codes('followups.resource.view')).canViewResources).toBe(true);
    expect(getAccess(codes('followups.resource.change')).canViewResources).toBe(true);
    expect(getAccess(codes('followups.task.view', 'followups.rule.change')).canViewResources).toBe(false);
  });

  it('ignores codes it does not know', () => {
    const access = getAccess(codes('customers.view'));
    expect(access.canViewSystem).toBe(false);
    expect(access.canViewAudit).toBe(false);
  });
});
