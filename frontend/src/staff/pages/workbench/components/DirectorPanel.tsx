/** 科室概况: today's figures of the department, each against yesterday and the same weekday last week. */
import { Col, Row, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';

import type { TrendFigure, Workbench } from '../service';
import { TrendCard } from './Figures';

type Director = NonNullable<Workbench['director']>;
type FigureKey = Exclude<keyof Director, 'yesterday' | 'last_week'>;

const CARDS: { key: FigureKey; lead?: 'amount'; note?: 'pages.workbench.cashier.payments' }[] = [
  { key: 'appointments' },
  { key: 'consultations' },
  { key: 'arrivals' },
  { key: 'arrivals_new' },
  { key: 'arrivals_returning' },
  { key: 'takings', lead: 'amount', note: 'pages.workbench.cashier.payments' },
  { key: 'deductions' },
  { key: 'followups_done' },
];

export function DirectorPanel({ panel }: { panel: Director }) {
  const { t } = useTranslation();
  return (
    <Row gutter={[12, 12]}>
      <Col span={24}>
        <Typography.Text type="secondary">
          {t('pages.workbench.director.compared', {
            yesterday: dayjs(panel.yesterday).format('MM-DD'),
            lastWeek: dayjs(panel.last_week).format('MM-DD'),
          })}
        </Typography.Text>
      </Col>
      {CARDS.map(({ key, lead, note }) => {
        const figure = panel[key] as TrendFigure | null;
        if (!figure) return null;
        return (
          // two to a row on a phone; the takings, with their amount, across it
          <Col key={key} xs={lead === 'amount' ? 24 : 12} sm={12} lg={8} xl={6}>
            <TrendCard
              title={t(`pages.workbench.director.${key}`)}
              figure={figure}
              lead={lead}
              countNote={note ? (count) => t(note, { count }) : undefined}
              testId={`wb-director-${key}`}
            />
          </Col>
        );
      })}
    </Row>
  );
}
