import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { useAppointmentLabels } from '../../components/labels';
import { APPOINTMENT_STATUSES, APPOINTMENT_TYPES, TYPE_COLORS } from '../calendarModel';

/** What the colours (type) and the looks (status) of the calendar's events mean. */
export function Legend() {
  const { t } = useTranslation();
  const labels = useAppointmentLabels();
  return (
    <Flex gap={16} wrap align="center" className="appt-legend" data-testid="calendar-legend">
      {APPOINTMENT_TYPES.map((type) => (
        <span key={type} className="appt-legend-item">
          <span className="appt-legend-swatch" style={{ background: TYPE_COLORS[type] }} />
          {labels.type(type)}
        </span>
      ))}
      {APPOINTMENT_STATUSES.filter((status) => status !== 'confirmed').map((status) => (
        <span key={status} className="appt-legend-item">
          <span className={`appt-legend-swatch appt-status-${status}`} style={{ background: TYPE_COLORS.treatment }} />
          {labels.status(status)}
        </span>
      ))}
      <span className="appt-legend-item">
        <span className="appt-legend-swatch appt-legend-shift" />
        {t('pages.appointments.calendar.workingHours')}
      </span>
      <Typography.Text type="secondary">{t('pages.appointments.calendar.dragHint')}</Typography.Text>
    </Flex>
  );
}
