/** The appointment API's shapes, from the generated client; the calendar's codes narrowed to their enums. */
import type { Schemas } from '@/api/client';
import type { paths } from '@/api/schema';

export type AppointmentStatus = Schemas['AppointmentStatusEnum'];
export type AppointmentType = Schemas['AppointmentTypeEnum'];
export type AppointmentSource = Schemas['AppointmentSourceEnum'];
export type ResourceKind = Schemas['ResourceKindEnum'];
export type ScheduleKind = Schemas['ScheduleKindEnum'];

export type Ref = Schemas['AppointmentRef'];
export type AppointmentLine = Schemas['Line'];
export type AppointmentMessage = Schemas['AppointmentMessage'];
/** One appointment as the detail and the write actions answer: with its warnings and messages. */
export type Appointment = Schemas['AppointmentDetail'];
/** A row of the list: the same without warnings and messages. */
export type AppointmentRow = Schemas['Appointment'];
export type AppointmentPage = Schemas['PaginatedAppointmentList'];
export type AppointmentInput = Schemas['AppointmentCreateRequest'];
export type AppointmentPatch = Schemas['PatchedAppointmentUpdateRequest'];
export type LineInput = Schemas['LineInputRequest'];
export type MoveInput = Schemas['MoveRequest'];
export type CheckInResult = Schemas['CheckInResult'];
export type RecheckOption = Schemas['RecheckOption'];
/** A doctor of a re-check option: `{id, name, position}`. */
export interface RecheckDoctor {
  id: number;
  name: string;
  position?: string;
}

export type CalendarEvent = Omit<Schemas['CalendarEvent'], 'type' | 'status'> & { type: AppointmentType; status: AppointmentStatus };
export type CalendarSchedule = Omit<Schemas['CalendarSchedule'], 'kind'> & { kind: ScheduleKind };
export type CalendarResource = Schemas['CalendarColumn'];
export interface CalendarData {
  resources: CalendarResource[];
  events: CalendarEvent[];
  schedules: CalendarSchedule[];
}

export type Resource = Schemas['Resource'];
export type ResourceInput = Schemas['ResourceRequest'];
export type ShiftType = Schemas['ShiftType'];
export type ShiftTypeInput = Schemas['ShiftTypeRequest'];
export type ScheduleEntry = Schemas['ScheduleEntry'];
export type ScheduleBulkInput = Schemas['ScheduleBulkRequest'];
export type ScheduleTemplate = Schemas['ScheduleTemplate'];
export type ApplyTemplatesResult = Schemas['ApplyResult'];
export type ReminderOffset = Schemas['ReminderOffset'];
export type AppointmentSettings = Required<Omit<Schemas['AppointmentSettings'], 'updated_at'>> & Pick<Schemas['AppointmentSettings'], 'updated_at'>;
export type SettingsPatch = Schemas['PatchedAppointmentSettingsRequest'];

export type AppointmentQuery = NonNullable<paths['/api/v1/appointments/']['get']['parameters']['query']>;
export type ScheduleQuery = NonNullable<paths['/api/v1/schedules/']['get']['parameters']['query']>;

/** The calendar's filters; lists are sent comma-separated. */
export interface CalendarQuery {
  date: string;
  days: 1 | 7;
  group: 'staff' | 'resource';
  org_unit?: number;
  staff?: number[];
  item?: number;
  status?: AppointmentStatus[];
}
