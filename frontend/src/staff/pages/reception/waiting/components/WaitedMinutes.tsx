import { ClockCircleOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { waitLevel } from '../../shared/waitedMinutes';

const LEVEL_TYPE = { ok: 'secondary', long: 'warning', overdue: 'danger' } as const;

/** "候诊 12 分钟" while waiting; "候诊用时 12 分钟" once triaged. Orange past 15 minutes, red past 30. */
export function WaitedMinutes({ minutes, waiting }: { minutes: number | null; waiting: boolean }) {
  const { t } = useTranslation();
  if (minutes === null) return null;
  return (
    <Typography.Text type={waiting ? LEVEL_TYPE[waitLevel(minutes)] : 'secondary'} strong={waiting && minutes >= 15}>
      <ClockCircleOutlined style={{ marginInlineEnd: 4 }} />
      {t(waiting ? 'pages.reception.waiting.waited' : 'pages.reception.waiting.waitedUntilTriage', { count: minutes })}
    </Typography.Text>
  );
}
