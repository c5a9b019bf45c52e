/** Words and colours for the appointment codes in the console's language. */
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

import { STATUS_COLORS, TYPE_COLORS } from '../calendar/calendarModel';
import type { AppointmentSource, AppointmentStatus, AppointmentType, ResourceKind, ScheduleKind } from '../types';

const MESSAGE_KINDS = ['appointment.confirmed', 'appointment.reminder', 'appointment.cancelled'] as const;
const MESSAGE_STATUSES = ['pending', 'sending', 'sent', 'failed', 'cancelled', 'skipped', 'unknown'] as const;
const CHANNELS = ['sms', 'wechat', 'console'] as const;

const includes = <T extends string>(values: readonly T[], value: string): value is T => (values as readonly string[]).includes(value);

export function useAppointmentLabels() {
  const { t } = useTranslation();
  return {
    status: (status: AppointmentStatus) => t(`pages.appointments.status.${status}`),
    type: (type: AppointmentType) => t(`pages.appointments.type.${type}`),
    source: (source: AppointmentSource | '' | null | undefined) => (source ? t(`pages.appointments.source.${source}`) : ''),
    resourceKind: (kind: ResourceKind | 'staff') => t(`pages.appointments.resourceKind.${kind}`),
    scheduleKind: (kind: ScheduleKind) => t(`pages.appointments.scheduleKind.${kind}`),
    messageKind: (kind: string) => (includes(MESSAGE_KINDS, kind) ? t(`pages.appointments.messageKind.${kind}`) : kind),
    /** `fallback`: the server's wording of a status the console does not know yet. */
    messageStatus: (status: string, fallback?: string) =>
      includes(MESSAGE_STATUSES, status) ? t(`pages.appointments.messageStatus.${status}`) : fallback || status,
    channel: (channel: string) => (includes(CHANNELS, channel) ? t(`pages.appointments.channel.${channel}`) : channel),
  };
}

export function AppointmentStatusTag({ status }: { status: AppointmentStatus }) {
  const labels = useAppointmentLabels();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="appointment-status">
      {labels.status(status)}
    </Tag>
  );
}

export function AppointmentTypeTag({ type }: { type: AppointmentType }) {
  const labels = useAppointmentLabels();
  return <Tag color={TYPE_COLORS[type]}>{labels.type(type)}</Tag>;
}

const MESSAGE_STATUS_COLORS: Record<string, string> = {
  pending: 'gold',
  sending: 'processing',
  sent: 'green',
  unknown: 'orange',
  failed: 'red',
  cancelled: 'default',
  skipped: 'default',
};

/** A message's status; `label` is the server's wording when it sent one. */
export function MessageStatusTag({ status, label }: { status: string; label?: string }) {
  const labels = useAppointmentLabels();
  return <Tag color={MESSAGE_STATUS_COLORS[status] ?? 'default'}>{labels.messageStatus(status, label)}</Tag>;
}
