/** 医护: my treatments today (bookings and deductions), the customers waiting to be deducted, unsigned deductions. */
import { Button, Col, Flex, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { AppointmentStatusTag } from '../../appointments/components/labels';
import type { Workbench } from '../service';
import { Section, StatTile } from './Figures';
import { clock, CustomerName, RowList, VisitLine } from './Rows';

export function ClinicianPanel({ panel }: { panel: NonNullable<Workbench['clinician']> }) {
  const { t } = useTranslation();
  const { treatments, deductions, pending_deductions: pending, unsigned } = panel;
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} lg={12}>
        <Section title={t('pages.workbench.clinician.treatments')} link={treatments?.total.link ?? deductions?.link} testId="wb-treatments">
          <Flex vertical gap={12}>
            <Row gutter={[8, 8]}>
              {treatments && (
                <Col xs={8}>
                  <StatTile title={t('pages.workbench.clinician.booked')} value={treatments.total.value} link={treatments.total.link} testId="wb-treatments-total" />
                </Col>
              )}
              {deductions && (
                <Col xs={8}>
                  <StatTile
                    title={t('pages.workbench.clinician.deducted')}
                    value={deductions.value}
                    note={t('pages.workbench.clinician.sessions', { count: deductions.sessions })}
                    link={deductions.link}
                    testId="wb-deductions"
                  />
                </Col>
              )}
              {unsigned && (
                <Col xs={8}>
                  <StatTile
                    title={t('pages.workbench.clinician.unsigned')}
                    value={unsigned.value}
                    link={unsigned.link}
                    tone={unsigned.value > 0 ? 'warning' : undefined}
                    testId="wb-unsigned"
                  />
                </Col>
              )}
            </Row>
            {treatments && (
              <RowList
                rows={treatments.rows}
                rowKey={(row) => row.id}
                empty={t('pages.workbench.clinician.treatments.empty')}
                testId="wb-treatment-list"
                render={(row) => (
                  <Flex justify="space-between" align="center" gap={8} wrap style={{ width: '100%' }}>
                    <Flex vertical gap={2} style={{ minWidth: 0 }}>
                      <Flex gap={8} align="center">
                        <Typography.Text strong>{`${clock(row.start)}–${clock(row.end)}`}</Typography.Text>
                        <CustomerName customer={row.customer} link={row.link} />
                      </Flex>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {[row.subject, row.resource].filter(Boolean).join(' · ')}
                      </Typography.Text>
                    </Flex>
                    <AppointmentStatusTag status={row.status} />
                  </Flex>
                )}
              />
            )}
          </Flex>
        </Section>
      </Col>
      {pending && (
        <Col xs={24} lg={12}>
          <Section title={t('pages.workbench.clinician.pending', { count: pending.total.value })} link={pending.total.link} testId="wb-pending">
            <RowList
              rows={pending.rows}
              rowKey={(row) => row.id}
              empty={t('pages.workbench.clinician.pending.empty')}
              testId="wb-pending-list"
              render={(row) => (
                <VisitLine
                  visit={row}
                  action={
                    <Link to={row.link ?? '#'}>
                      <Button size="small" type="primary" ghost>
                        {t('pages.workbench.clinician.deduct')}
                      </Button>
                    </Link>
                  }
                />
              )}
            />
          </Section>
        </Col>
      )}
    </Row>
  );
}
