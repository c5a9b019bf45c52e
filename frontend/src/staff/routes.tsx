/**
 * Every page of the console, declared once. A route's `name` is the i18n key of its menu item and page
 * title; its `access` flag (from access.ts) decides whether the user sees and may open it.
 */
import {
  AccountBookOutlined,
  AppstoreOutlined,
  AuditOutlined,
  CalendarOutlined,
  CustomerServiceOutlined,
  HomeOutlined,
  LineChartOutlined,
  MedicineBoxOutlined,
  MessageOutlined,
  SettingOutlined,
  SolutionOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';

import type { AccessFlag } from './access';

export type MenuKey =
  | 'menu.home'
  | 'menu.reception'
  | 'menu.reception.waiting'
  | 'menu.reception.consultation'
  | 'menu.reception.complaints'
  | 'menu.customers'
  | 'menu.customers.list'
  | 'menu.customers.new'
  | 'menu.customers.detail'
  | 'menu.customers.edit'
  | 'menu.customers.import'
  | 'menu.customers.settings'
  | 'menu.catalog'
  | 'menu.catalog.handbook'
  | 'menu.catalog.items'
  | 'menu.catalog.categories'
  | 'menu.catalog.products'
  | 'menu.catalog.cards'
  | 'menu.catalog.knowledge'
  | 'menu.treatment'
  | 'menu.treatment.deduct'
  | 'menu.treatment.today'
  | 'menu.performance'
  | 'menu.sales'
  | 'menu.sales.orderNew'
  | 'menu.sales.cashier'
  | 'menu.sales.receipt'
  | 'menu.sales.debts'
  | 'menu.sales.refunds'
  | 'menu.sales.dayEnd'
  | 'menu.sales.settings'
  | 'menu.appointments'
  | 'menu.appointments.calendar'
  | 'menu.appointments.list'
  | 'menu.appointments.schedules'
  | 'menu.appointments.resources'
  | 'menu.appointments.settings'
  | 'menu.followups'
  | 'menu.followups.tasks'
  | 'menu.followups.rules'
  | 'menu.followups.carePlans'
  | 'menu.followups.resources'
  | 'menu.messages'
  | 'menu.messages.list'
  | 'menu.messages.templates'
  | 'menu.messages.settings'
  | 'menu.system'
  | 'menu.system.orgUnits'
  | 'menu.system.positions'
  | 'menu.system.staff'
  | 'menu.system.roles'
  | 'menu.audit'
  | 'menu.audit.logs'
  | 'menu.account.password';

export interface AppRoute {
  path: string;
  name: MenuKey;
  access: AccessFlag;
  icon?: ReactNode;
  component?: LazyExoticComponent<ComponentType>;
  children?: AppRoute[];
  hideInMenu?: boolean;
  /** For a page outside the menu: the menu item to highlight while it is open. */
  activeMenu?: string;
}

export const appRoutes: AppRoute[] = [
  {
    path: '/',
    name: 'menu.home',
    access: 'isSignedIn',
    icon: <HomeOutlined />,
    // The workbench (工作台); staff without a working role see their account card there.
    component: lazy(() => import('./pages/workbench')),
  },
  {
    path: '/reception',
    name: 'menu.reception',
    access: 'canViewReception',
    icon: <SolutionOutlined />,
    children: [
      {
        path: '/reception/waiting',
        name: 'menu.reception.waiting',
        access: 'canViewVisit',
        component: lazy(() => import('./pages/reception/waiting')),
      },
      {
        path: '/reception/consultation',
        name: 'menu.reception.consultation',
        access: 'canRecordConsultation',
        hideInMenu: true,
        activeMenu: '/reception/waiting',
        component: lazy(() => import('./pages/reception/consultation')),
      },
      {
        path: '/reception/complaints',
        name: 'menu.reception.complaints',
        access: 'canViewComplaint',
        component: lazy(() => import('./pages/reception/complaints')),
      },
    ],
  },
  {
    path: '/customers',
    name: 'menu.customers',
    access: 'canViewCustomers',
    icon: <TeamOutlined />,
    children: [
      {
        path: '/customers/list',
        name: 'menu.customers.list',
        access: 'canViewCustomer',
        component: lazy(() => import('./pages/customers/list')),
      },
      {
        path: '/customers/new',
        name: 'menu.customers.new',
        access: 'canAddCustomer',
        hideInMenu: true,
        activeMenu: '/customers/list',
        component: lazy(() => import('./pages/customers/new')),
      },
      {
        path: '/customers/:id',
        name: 'menu.customers.detail',
        access: 'canViewCustomer',
        hideInMenu: true,
        activeMenu: '/customers/list',
        component: lazy(() => import('./pages/customers/detail')),
      },
      {
        path: '/customers/:id/edit',
        name: 'menu.customers.edit',
        access: 'canChangeCustomer',
        hideInMenu: true,
        activeMenu: '/customers/list',
        component: lazy(() => import('./pages/customers/edit')),
      },
      {
        path: '/customers/import',
        name: 'menu.customers.import',
        access: 'canImportCustomer',
        component: lazy(() => import('./pages/customers/import')),
      },
      {
        path: '/customers/settings',
        name: 'menu.customers.settings',
        access: 'canViewCustomerSettings',
        component: lazy(() => import('./pages/customers/settings')),
      },
    ],
  },
  {
    // The group's own path is the calendar itself (links such as /appointments?appointment=12 keep their query).
    path: '/appointments',
    name: 'menu.appointments',
    access: 'canViewAppointments',
    icon: <CalendarOutlined />,
    activeMenu: '/appointments/calendar',
    component: lazy(() => import('./pages/appointments/calendar')),
    children: [
      {
        path: '/appointments/calendar',
        name: 'menu.appointments.calendar',
        access: 'canViewAppointment',
        component: lazy(() => import('./pages/appointments/calendar')),
      },
      {
        path: '/appointments/list',
        name: 'menu.appointments.list',
        access: 'canViewAppointment',
        component: lazy(() => import('./pages/appointments/list')),
      },
      {
        path: '/appointments/schedules',
        name: 'menu.appointments.schedules',
        access: 'canViewSchedule',
        component: lazy(() => import('./pages/appointments/schedules')),
      },
      {
        path: '/appointments/resources',
        name: 'menu.appointments.resources',
        access: 'canChangeAppointmentResource',
        component: lazy(() => import('./pages/appointments/resources')),
      },
      {
        path: '/appointments/settings',
        name: 'menu.appointments.settings',
        access: 'canChangeAppointmentSettings',
        component: lazy(() => import('./pages/appointments/settings')),
      },
    ],
  },
  {
    // The group's own path is the task list itself (links such as /followups?tab=overdue keep their query).
    path: '/followups',
    name: 'menu.followups',
    access: 'canViewFollowups',
    icon: <CustomerServiceOutlined />,
    activeMenu: '/followups/tasks',
    component: lazy(() => import('./pages/followups/tasks')),
    children: [
      {
        path: '/followups/tasks',
        name: 'menu.followups.tasks',
        access: 'canViewFollowup',
        component: lazy(() => import('./pages/followups/tasks')),
      },
      {
        path: '/followups/rules',
        name: 'menu.followups.rules',
        access: 'canChangeFollowupRule',
        component: lazy(() => import('./pages/followups/rules')),
      },
      {
        path: '/followups/care-plans',
        name: 'menu.followups.carePlans',
        access: 'canChangeCarePlan',
        component: lazy(() => import('./pages/followups/care-plans')),
      },
      {
        path: '/followups/resources',
        name: 'menu.followups.resources',
        access: 'canViewResources',
        component: lazy(() => import('./pages/followups/resources')),
      },
    ],
  },
  {
    // The group's own path is the message log itself (links such as /messages?message=12 keep their query).
    path: '/messages',
    name: 'menu.messages',
    access: 'canViewMessages',
    icon: <MessageOutlined />,
    activeMenu: '/messages/list',
    component: lazy(() => import('./pages/messages/list')),
    children: [
      {
        path: '/messages/list',
        name: 'menu.messages.list',
        access: 'canViewMessage',
        component: lazy(() => import('./pages/messages/list')),
      },
      {
        path: '/messages/templates',
        name: 'menu.messages.templates',
        access: 'canViewMessage',
        component: lazy(() => import('./pages/messages/templates')),
      },
      {
        path: '/messages/settings',
        name: 'menu.messages.settings',
        access: 'canChangeNotifySettings',
        component: lazy(() => import('./pages/messages/settings')),
      },
    ],
  },
  {
    path: '/catalog',
    name: 'menu.catalog',
    access: 'canViewCatalog',
    icon: <AppstoreOutlined />,
    children: [
      {
        path: '/catalog/handbook',
        name: 'menu.catalog.handbook',
        access: 'canViewHandbook',
        component: lazy(() => import('./pages/catalog/handbook')),
      },
      {
        path: '/catalog/items',
        name: 'menu.catalog.items',
        access: 'canViewCatalogItem',
        component: lazy(() => import('./pages/catalog/items')),
      },
      {
        path: '/catalog/categories',
        name: 'menu.catalog.categories',
        access: 'canViewCatalogItem',
        component: lazy(() => import('./pages/catalog/categories')),
      },
      {
        path: '/catalog/products',
        name: 'menu.catalog.products',
        access: 'canViewProduct',
        component: lazy(() => import('./pages/catalog/products')),
      },
      {
        path: '/catalog/cards',
        name: 'menu.catalog.cards',
        access: 'canViewCardType',
        component: lazy(() => import('./pages/catalog/cards')),
      },
      {
        path: '/catalog/knowledge',
        name: 'menu.catalog.knowledge',
        access: 'canViewKnowledge',
        component: lazy(() => import('./pages/catalog/knowledge')),
      },
    ],
  },
  {
    path: '/sales',
    name: 'menu.sales',
    access: 'canViewCashier',
    icon: <AccountBookOutlined />,
    children: [
      {
        path: '/sales/cashier',
        name: 'menu.sales.cashier',
        access: 'canViewPayment',
        component: lazy(() => import('./pages/sales/cashier')),
      },
      {
        path: '/sales/orders/new',
        name: 'menu.sales.orderNew',
        access: 'canAddOrder',
        component: lazy(() => import('./pages/sales/orders/new')),
      },
      {
        path: '/sales/receipts/:id',
        name: 'menu.sales.receipt',
        access: 'canViewPayment',
        hideInMenu: true,
        activeMenu: '/sales/cashier',
        component: lazy(() => import('./pages/sales/receipt')),
      },
      {
        path: '/sales/debts',
        name: 'menu.sales.debts',
        access: 'canViewPayment',
        component: lazy(() => import('./pages/sales/debts')),
      },
      {
        path: '/sales/refunds',
        name: 'menu.sales.refunds',
        access: 'canViewApprovals',
        component: lazy(() => import('./pages/sales/refunds')),
      },
      {
        path: '/sales/day-end',
        name: 'menu.sales.dayEnd',
        access: 'canViewDayEnd',
        component: lazy(() => import('./pages/sales/day-end')),
      },
      {
        path: '/sales/settings',
        name: 'menu.sales.settings',
        access: 'canViewSalesSettings',
        component: lazy(() => import('./pages/sales/settings')),
      },
    ],
  },
  {
    path: '/treatment',
    name: 'menu.treatment',
    access: 'canViewTreatment',
    icon: <MedicineBoxOutlined />,
    children: [
      {
        path: '/treatment/deduct',
        name: 'menu.treatment.deduct',
        access: 'canAddDeduction',
        component: lazy(() => import('./pages/treatment/deduct')),
      },
      {
        path: '/treatment/today',
        name: 'menu.treatment.today',
        access: 'canViewDeduction',
        component: lazy(() => import('./pages/treatment/today')),
      },
    ],
  },
  {
    path: '/performance',
    name: 'menu.performance',
    access: 'canViewPerformance',
    icon: <LineChartOutlined />,
    component: lazy(() => import('./pages/performance')),
  },
  {
    path: '/system',
    name: 'menu.system',
    access: 'canViewSystem',
    icon: <SettingOutlined />,
    children: [
      {
        path: '/system/org-units',
        name: 'menu.system.orgUnits',
        access: 'canViewOrgUnit',
        component: lazy(() => import('./pages/system/org-units')),
      },
      {
        path: '/system/positions',
        name: 'menu.system.positions',
        access: 'canViewPosition',
        component: lazy(() => import('./pages/system/positions')),
      },
      {
        path: '/system/staff',
        name: 'menu.system.staff',
        access: 'canViewStaff',
        component: lazy(() => import('./pages/system/staff')),
      },
      {
        path: '/system/roles',
        name: 'menu.system.roles',
        access: 'canViewRole',
        component: lazy(() => import('./pages/system/roles')),
      },
    ],
  },
  {
    path: '/audit',
    name: 'menu.audit',
    access: 'canViewAudit',
    icon: <AuditOutlined />,
    children: [
      {
        path: '/audit/logs',
        name: 'menu.audit.logs',
        access: 'canViewAuditLog',
        component: lazy(() => import('./pages/audit/logs')),
      },
    ],
  },
  {
    path: '/account/password',
    name: 'menu.account.password',
    access: 'isSignedIn',
    hideInMenu: true,
    component: lazy(() => import('./pages/account/password')),
  },
];

export const LoginPage = lazy(() => import('./pages/login'));

/** The routes that render a page, parents first, for the router and for titles. */
export function flattenRoutes(routes: AppRoute[]): AppRoute[] {
  return routes.flatMap((route) => [route, ...flattenRoutes(route.children ?? [])]);
}
