/** Where the appointment centre opens for a user: the first of its pages the user may see. */
import type { Access } from '../../access';

export const APPOINTMENT_PAGES: { path: string; allowed: (access: Access) => boolean }[] = [
  { path: '/appointments/calendar', allowed: (access) => access.canViewAppointment },
  { path: '/appointments/list', allowed: (access) => access.canViewAppointment },
  { path: '/appointments/schedules', allowed: (access) => access.canViewSchedule },
  { path: '/appointments/resources', allowed: (access) => access.canChangeAppointmentResource },
  { path: '/appointments/settings', allowed: (access) => access.canChangeAppointmentSettings },
];

export function firstAppointmentPage(access: Access): string {
  return APPOINTMENT_PAGES.find((page) => page.allowed(access))?.path ?? '/';
}
