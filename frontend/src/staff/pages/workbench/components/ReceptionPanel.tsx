/** 前台: today's bookings by status and the next ones, today's arrivals, the waiting list. */
import { Col, Flex, Row, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { AppointmentStatusTag, useAppointmentLabels } from '../../appointments/components/labels';
import { useReceptionLabels } from '../../reception/shared/labels';
import type { Workbench } from '../service';
import { Section, StatTile } from './Figures';
import { clock, CustomerName, RowList, VisitLine } from './Rows';

const TILE = { xs: 8 } as const;

export function ReceptionPanel({ panel }: { panel: NonNullable<Workbench['reception']> }) {
  const { t } = useTranslation();
  const appointmentLabels = useAppointmentLabels();
  const receptionLabels = useReceptionLabels();
  const { appointments, arrivals, waiting } = panel;
  return (
    <Row gutter={[12, 12]}>
      {appointments && (
        <Col xs={24} lg={12}>
          <Section title={t('pages.workbench.reception.appointments')} link={appointments.total.link} testId="wb-appointments">
            <Flex vertical gap={12}>
              <Flex align="baseline" gap={8} wrap>
                <Link to={appointments.total.link ?? '#'} style={{ fontSize: 28, fontWeight: 600 }} data-testid="wb-appointments-total">
                  {appointments.total.value}
                </Link>
                <Typography.Text type="secondary">{t('pages.workbench.reception.bookedToday')}</Typography.Text>
                {appointments.late.value > 0 && (
                  <Link to={appointments.late.link ?? '#'} data-testid="wb-appointments-late">
                    <Tag color="red">{t('pages.workbench.reception.late', { count: appointments.late.value })}</Tag>
                  </Link>
                )}
              </Flex>
              <Flex gap={6} wrap>
                {appointments.by_status.map((row) => (
                  <Link key={row.status} to={row.link ?? '#'} data-testid={`wb-appointments-${row.status}`}>
                    <Tag color={row.value > 0 ? 'processing' : 'default'} style={{ marginInlineEnd: 0 }}>
                      {appointmentLabels.status(row.status)} {row.value}
                    </Tag>
                  </Link>
                ))}
              </Flex>
              <Typography.Text strong>{t('pages.workbench.reception.upcoming')}</Typography.Text>
              <RowList
                rows={appointments.upcoming}
                rowKey={(row) => row.id}
                empty={t('pages.workbench.reception.upcoming.empty')}
                testId="wb-upcoming"
                render={(row) => (
                  <Flex justify="space-between" align="center" gap={8} wrap style={{ width: '100%' }}>
                    <Flex vertical gap={2} style={{ minWidth: 0 }}>
                      <Flex gap={8} align="center">
                        <Typography.Text strong>{clock(row.starts_at)}</Typography.Text>
                        <CustomerName customer={row.customer} link={row.link} />
                      </Flex>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {[row.items.join('、'), row.staff.join('、')].filter(Boolean).join(' · ')}
                      </Typography.Text>
                    </Flex>
                    <Flex gap={4} align="center">
                      {row.is_late && <Tag color="red">{t('pages.workbench.reception.isLate')}</Tag>}
                      <AppointmentStatusTag status={row.status} />
                    </Flex>
                  </Flex>
                )}
              />
            </Flex>
          </Section>
        </Col>
      )}
      <Col xs={24} lg={12}>
        <Flex vertical gap={12}>
          {arrivals && (
            <Section title={t('pages.workbench.reception.arrivals')} link={arrivals.total.link} testId="wb-arrivals">
              <Row gutter={[8, 8]}>
                <Col {...TILE}>
                  <StatTile title={t('pages.workbench.reception.arrivals.total')} value={arrivals.total.value} link={arrivals.total.link} testId="wb-arrivals-total" />
                </Col>
                <Col {...TILE}>
                  <StatTile title={t('pages.workbench.reception.arrivals.new')} value={arrivals.new.value} link={arrivals.new.link} testId="wb-arrivals-new" />
                </Col>
                <Col {...TILE}>
                  <StatTile
                    title={t('pages.workbench.reception.arrivals.returning')}
                    value={arrivals.returning.value}
                    link={arrivals.returning.link}
                    testId="wb-arrivals-returning"
                  />
                </Col>
              </Row>
            </Section>
          )}
          {waiting && (
            <Section title={t('pages.workbench.reception.waiting')} link={waiting.total.link} testId="wb-waiting">
              <Flex vertical gap={8}>
                <Flex gap={6} wrap>
                  {waiting.by_status.map((row) => (
                    <Tag key={row.status} color={row.value > 0 ? 'gold' : 'default'} style={{ marginInlineEnd: 0 }}>
                      {receptionLabels.visitStatus(row.status)} {row.value}
                    </Tag>
                  ))}
                </Flex>
                <RowList
                  rows={waiting.rows}
                  rowKey={(row) => row.id}
                  empty={t('pages.workbench.reception.waiting.empty')}
                  testId="wb-waiting-list"
                  render={(row) => <VisitLine visit={row} />}
                />
              </Flex>
            </Section>
          )}
        </Flex>
      </Col>
    </Row>
  );
}
