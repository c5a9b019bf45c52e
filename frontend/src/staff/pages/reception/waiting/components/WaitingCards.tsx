import { Card, Col, Flex, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { formatDateTime } from '../../../../utils/time';
import { VisitKindTag, VisitStatusTag } from '../../shared/labels';
import type { Visit } from '../../shared/visitService';
import { VisitActions, type VisitDialog } from './VisitActions';
import { WaitedMinutes } from './WaitedMinutes';

interface WaitingCardsProps {
  visits: Visit[];
  minutesOf: (visit: Visit) => number | null;
  onOpen: (dialog: VisitDialog, visit: Visit) => void;
}

/** The waiting list as cards with finger-sized buttons: one column on a phone, two on an iPad. */
export function WaitingCards({ visits, minutesOf, onOpen }: WaitingCardsProps) {
  const { t } = useTranslation();
  return (
    <Row gutter={[12, 12]}>
      {visits.map((visit) => {
        const consultant = visit.consultant ?? visit.owning_consultant;
        return (
          <Col key={visit.id} xs={24} md={12}>
            <Card size="small" style={{ height: '100%' }} data-testid={`visit-card-${visit.id}`}>
              <Flex vertical gap={8}>
                <Flex justify="space-between" align="center" gap={8}>
                  <Flex align="center" gap={6} wrap style={{ minWidth: 0 }}>
                    <Typography.Text strong style={{ fontSize: 17 }}>
                      {visit.customer.name}
                    </Typography.Text>
                    <VisitKindTag kind={visit.kind} />
                  </Flex>
                  <VisitStatusTag status={visit.status} />
                </Flex>
                <Flex justify="space-between" wrap gap={4}>
                  <Typography.Text type="secondary">{visit.customer.phone}</Typography.Text>
                  <WaitedMinutes minutes={minutesOf(visit)} waiting={visit.status === 'waiting'} />
                </Flex>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {[
                    t('pages.reception.waiting.arrivedAt', { time: formatDateTime(visit.arrived_at, 'HH:mm') }),
                    consultant &&
                      t(visit.consultant ? 'pages.reception.waiting.consultantIs' : 'pages.reception.waiting.ownerIs', {
                        name: consultant.name,
                      }),
                    visit.doctor && t('pages.reception.waiting.doctorIs', { name: visit.doctor.name }),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </Typography.Text>
                {visit.purpose && (
                  <Typography.Text style={{ fontSize: 13 }}>
                    {t('pages.reception.waiting.purposeIs', { purpose: visit.purpose })}
                  </Typography.Text>
                )}
                <VisitActions visit={visit} onOpen={onOpen} buttons />
              </Flex>
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}
