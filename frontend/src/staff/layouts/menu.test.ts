import { describe, expect, it } from 'vitest';

import { getAccess } from '../access';
import { appRoutes } from '../routes';
import { buildMenu, locateMenu, menuPathFor } from './menu';

const menuFor = (...permissions: string[]) => buildMenu(appRoutes, getAccess({ permissions }));
const names = (entries: ReturnType<typeof menuFor>): string[] =>
  entries.flatMap((entry) => [entry.name, ...names(entry.children ?? [])]);

describe('buildMenu', () => {
  it('shows only home to a user without system permissions', () => {
    expect(names(menuFor('customers.view'))).toEqual(['menu.home']);
  });

  it('shows the system group with only the pages the user may open', () => {
    expect(names(menuFor('accounts.staff.view', 'accounts.role.view'))).toEqual([
      'menu.home',
      'menu.system',
      'menu.system.staff',
      'menu.system.roles',
    ]);
  });

  it('shows the audit log to the auditor and no system pages', () => {
    expect(names(menuFor('audit', 'audit.log.view', 'audit.log.export'))).toEqual([
      'menu.home',
      'menu.audit',
      'menu.audit.logs',
    ]);
  });

  it('never lists the own-password page', () => {
    expect(names(menuFor('accounts.staff.view'))).not.toContain('menu.account.password');
  });
});

describe('locateMenu', () => {
  const entries = menuFor('accounts.staff.view', 'audit.log.view');

  it('selects the page and opens its group', () => {
    expect(locateMenu(entries, '/system/staff')).toEqual({ selected: ['/system/staff'], open: ['/system'] });
  });

  it('selects home only on the root path', () => {
    expect(locateMenu(entries, '/')).toEqual({ selected: ['/'], open: [] });
    expect(locateMenu(entries, '/account/password')).toEqual({ selected: [], open: [] });
  });
});

describe('menuPathFor', () => {
  it('highlights the customer list on a customer page and its edit form', () => {
    expect(menuPathFor(appRoutes, '/customers/42')).toBe('/customers/list');
    expect(menuPathFor(appRoutes, '/customers/42/edit')).toBe('/customers/list');
    expect(menuPathFor(appRoutes, '/customers/new')).toBe('/customers/list');
  });

  it('highlights the calendar on the appointment centre\'s own path, which shows the calendar', () => {
    expect(menuPathFor(appRoutes, '/appointments')).toBe('/appointments/calendar');
    const entries = buildMenu(appRoutes, getAccess({ permissions: ['appointments.appointment.view'] }));
    expect(locateMenu(entries, menuPathFor(appRoutes, '/appointments'))).toEqual({ selected: ['/appointments/calendar'], open: ['/appointments'] });
    expect(locateMenu(entries, '/appointments/list')).toEqual({ selected: ['/appointments/list'], open: ['/appointments'] });
  });

  it('highlights the task list on the follow-up group\'s own path, which shows the task list', () => {
    expect(menuPathFor(appRoutes, '/followups')).toBe('/followups/tasks');
    const consultant = buildMenu(appRoutes, getAccess({ permissions: ['followups.task.view'] }));
    expect(consultant.find((entry) => entry.key === '/followups')?.children?.map((child) => child.key)).toEqual(['/followups/tasks']);
    expect(locateMenu(consultant, menuPathFor(appRoutes, '/followups'))).toEqual({ selected: ['/followups/tasks'], open: ['/followups'] });
    const director = buildMenu(appRoutes, getAccess({ permissions: ['followups.task.view', 'followups.rule.change', 'followups.careplan.change', 'followups.resource.view'] }));
    expect(director.find((entry) => entry.key === '/followups')?.children?.map((child) => child.key)).toEqual([
      '/followups/tasks',
      '/followups/rules',
      '/followups/care-plans',
      '/followups/resources',
    ]);
  });

  it('keeps menu pages and unknown paths as they are', () => {
    expect(menuPathFor(appRoutes, '/customers/import')).toBe('/customers/import');
    expect(menuPathFor(appRoutes, '/nowhere')).toBe('/nowhere');
  });
});
