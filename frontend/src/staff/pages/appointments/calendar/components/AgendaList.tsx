import { Card, Empty, Flex, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { formatDateTime } from '../../../../utils/time';
import { AppointmentStatusTag, useAppointmentLabels } from '../../components/labels';
import type { CalendarEvent } from '../../types';
import { lineSubject, TYPE_COLORS } from '../calendarModel';

interface AgendaListProps {
  events: CalendarEvent[];
  loading: boolean;
  onOpen: (appointment: number) => void;
}

/** A phone's calendar: the day's appointment lines in time order, one card each; a tap opens the appointment. */
export function AgendaList({ events, loading, onOpen }: AgendaListProps) {
  const { t } = useTranslation();
  const labels = useAppointmentLabels();
  const sorted = [...events].sort((a, b) => a.start.localeCompare(b.start) || a.id - b.id);
  return (
    <Spin spinning={loading}>
      <Flex vertical gap={8} data-testid="appointment-agenda">
        {sorted.length === 0 && !loading && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pages.appointments.calendar.empty')} />}
        {sorted.map((line) => (
          <Card
            key={line.id}
            size="small"
            hoverable
            onClick={() => onOpen(line.appointment)}
            className={`appt-agenda-card appt-status-${line.status}`}
            style={{ borderInlineStart: `4px solid ${TYPE_COLORS[line.type]}` }}
            data-testid={`agenda-line-${line.id}`}
          >
            <Flex justify="space-between" align="center" gap={8}>
              <Typography.Text strong>
                {formatDateTime(line.start, 'HH:mm')}–{formatDateTime(line.end, 'HH:mm')}
              </Typography.Text>
              <AppointmentStatusTag status={line.status} />
            </Flex>
            <Flex justify="space-between" gap={8} wrap>
              <Typography.Text>{line.customer.name}</Typography.Text>
              <Typography.Text type="secondary">{line.customer.phone}</Typography.Text>
            </Flex>
            <Typography.Text type="secondary">
              {[labels.type(line.type), lineSubject(line), line.staff.name, line.resource?.name].filter(Boolean).join(' · ')}
            </Typography.Text>
          </Card>
        ))}
      </Flex>
    </Spin>
  );
}
