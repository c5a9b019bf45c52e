/** The appointment API's shapes as issue 5's contract gives them (until the generated client has them). */

export type AppointmentStatus = 'pending' | 'confirmed' | 'arrived' | 'completed' | 'cancelled' | 'no_show';
export type AppointmentType = 'consultation' | 'treatment' | 'recheck' | 'surgery';
export type AppointmentSource = 'phone' | 'onsite' | 'online' | 'wechat' | 'referral' | 'other';
export type ResourceKind = 'room' | 'device';
export type ScheduleKind = 'work' | 'off' | 'leave';

export interface Ref {
  id: number;
  name: string;
}

export interface CustomerRef extends Ref {
  phone: string;
}

export interface AppointmentLine {
  id: number;
  item: number | null;
  item_name: string;
  title: string;
  staff: Ref;
  resource: Ref | null;
  start: string;
  end: string;
  recheck_of: number | null;
  recheck_doctor: Ref | null;
}

export interface AppointmentMessage {
  id: number;
  kind: string;
  channel: string;
  status: string;
  scheduled_at: string | null;
}

export interface Appointment {
  id: number;
  number: string;
  customer: CustomerRef;
  type: AppointmentType;
  type_display: string;
  status: AppointmentStatus;
  status_display: string;
  source: AppointmentSource | '';
  note: string;
  cancel_reason: string;
  visit: number | null;
  created_at: string;
  created_by: Ref | null;
  lines: AppointmentLine[];
  warnings: string[];
  messages: AppointmentMessage[];
}

export interface AppointmentPage {
  count: number;
  count_capped?: boolean;
  results: Appointment[];
}

export interface LineInput {
  item?: number | null;
  title?: string;
  staff: number;
  resource?: number | null;
  start: string;
  end: string;
  recheck_of?: number | null;
}

export interface AppointmentInput {
  customer?: number;
  lead?: { name: string; phone: string };
  type: AppointmentType;
  source?: AppointmentSource;
  note?: string;
  confirm_warnings?: boolean;
  lines: LineInput[];
}

export interface MoveInput {
  line: number;
  start: string;
  end: string;
  staff?: number;
  resource?: number | null;
  confirm_warnings?: boolean;
}

export interface CheckInResult {
  appointment: Appointment;
  visit: { id: number };
}

export interface AppointmentQuery {
  date_from?: string;
  date_to?: string;
  status?: AppointmentStatus[];
  type?: AppointmentType;
  staff?: number;
  resource?: number;
  org_unit?: number;
  item?: number;
  customer?: number;
  search?: string;
  ordering?: string;
  page?: number;
  page_size?: number;
}

export interface CalendarQuery {
  date: string;
  days: 1 | 7;
  group: 'staff' | 'resource';
  org_unit?: number;
  staff?: number[];
  item?: number;
  status?: AppointmentStatus[];
}

export interface CalendarResource {
  id: string;
  title: string;
  kind: 'staff' | ResourceKind;
  org_unit: number | null;
}

export interface CalendarEvent {
  id: number;
  appointment: number;
  number: string;
  customer: CustomerRef;
  type: AppointmentType;
  type_display: string;
  status: AppointmentStatus;
  status_display: string;
  start: string;
  end: string;
  resource_ids: string[];
  staff: Ref;
  resource: Ref | null;
  item_name: string;
  title: string;
  editable: boolean;
}

export interface CalendarSchedule {
  resource_id: string;
  start: string;
  end: string;
  kind: ScheduleKind;
}

export interface CalendarData {
  resources: CalendarResource[];
  events: CalendarEvent[];
  schedules: CalendarSchedule[];
}

export interface RecheckOption {
  deduction: number;
  item_name: string;
  date: string;
  doctors: Ref[];
}

export interface Resource {
  id: number;
  kind: ResourceKind;
  kind_display: string;
  name: string;
  org_unit: number | null;
  is_active: boolean;
  note: string;
}

export type ResourceInput = Pick<Resource, 'kind' | 'name' | 'org_unit' | 'is_active' | 'note'>;

export interface ShiftType {
  id: number;
  name: string;
  start_time: string;
  end_time: string;
  color: string;
}

export type ShiftTypeInput = Omit<ShiftType, 'id'>;

export interface ScheduleEntry {
  id: number;
  staff: Ref;
  date: string;
  kind: ScheduleKind;
  shift_type: number | null;
  start: string | null;
  end: string | null;
  note: string;
}

export interface ScheduleQuery {
  date_from: string;
  date_to: string;
  staff?: number[];
  org_unit?: number;
}

export interface ScheduleBulkInput {
  staff: number[];
  dates: string[];
  kind: ScheduleKind;
  shift_type?: number | null;
  start?: string;
  end?: string;
}

export interface ScheduleTemplate {
  id: number;
  staff: number;
  weekday: number;
  shift_type: number;
}

export interface ApplyTemplatesResult {
  created: number;
  skipped_holidays: string[];
  make_up_days: string[];
  unknown_years: number[];
}

export type ReminderOffset = { days_before: number; at: string } | { hours_before: number };

export interface AppointmentSettings {
  conflict_mode: 'block' | 'warn';
  schedule_mode: 'block' | 'warn' | 'off';
  reminder_offsets: ReminderOffset[];
  send_confirmation: boolean;
  send_cancellation: boolean;
  slot_minutes: number;
}
