/** 收银: orders still to collect (oldest first) and today's takings by payment mode. */
import { Col, Flex, Row, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { formatMoney } from '../../../utils/money';
import { formatDateTime } from '../../../utils/time';
import type { Workbench } from '../service';
import { Section, StatTile } from './Figures';
import { CustomerName, RowList } from './Rows';

export function CashierPanel({ panel }: { panel: NonNullable<Workbench['cashier']> }) {
  const { t } = useTranslation();
  const { orders, takings } = panel;
  return (
    <Row gutter={[12, 12]}>
      {orders && (
        <Col xs={24} lg={14}>
          <Section title={t('pages.workbench.cashier.open')} testId="wb-orders">
            <Flex vertical gap={12}>
              <Row gutter={[8, 8]}>
                {([
                  ['unpaid', orders.unpaid, 'danger'],
                  ['partPaid', orders.part_paid, 'warning'],
                  ['debts', orders.debts, undefined],
                ] as const).map(([key, figure, tone]) => (
                  <Col xs={8} key={key}>
                    <StatTile
                      title={t(`pages.workbench.cashier.${key}`)}
                      value={figure.value}
                      note={formatMoney(figure.amount)}
                      link={figure.link}
                      tone={figure.value > 0 ? tone : undefined}
                      testId={`wb-orders-${key}`}
                    />
                  </Col>
                ))}
              </Row>
              <RowList
                rows={orders.rows}
                rowKey={(row) => row.id}
                empty={t('pages.workbench.cashier.open.empty')}
                testId="wb-order-list"
                render={(row) => (
                  <Flex justify="space-between" align="center" gap={8} wrap style={{ width: '100%' }}>
                    <Flex vertical gap={2} style={{ minWidth: 0 }}>
                      <Flex gap={8} align="center" wrap>
                        <Link to={row.link ?? '#'}>{row.number}</Link>
                        <CustomerName customer={row.customer} />
                      </Flex>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {[formatDateTime(row.created_at), row.consultant].filter(Boolean).join(' · ')}
                      </Typography.Text>
                    </Flex>
                    <Flex vertical align="flex-end" gap={2}>
                      <Typography.Text strong>{formatMoney(row.outstanding_amount)}</Typography.Text>
                      <Tag color={row.status === 'pending' ? 'red' : 'orange'} style={{ marginInlineEnd: 0 }}>
                        {t(`pages.sales.orderStatus.${row.status}`)}
                      </Tag>
                    </Flex>
                  </Flex>
                )}
              />
            </Flex>
          </Section>
        </Col>
      )}
      {takings && (
        <Col xs={24} lg={10}>
          <Section title={t('pages.workbench.cashier.takings')} link={takings.link} testId="wb-takings">
            <Flex vertical gap={12}>
              <StatTile
                title={t('pages.workbench.cashier.net')}
                value={formatMoney(takings.net_amount)}
                note={t('pages.workbench.cashier.payments', { count: takings.payment_count })}
                link={takings.link}
                testId="wb-takings-net"
              />
              <Table
                size="small"
                pagination={false}
                rowKey="mode"
                dataSource={takings.modes}
                locale={{ emptyText: t('pages.workbench.cashier.takings.empty') }}
                columns={[
                  { title: t('pages.workbench.cashier.mode'), dataIndex: 'name', key: 'name' },
                  { title: t('pages.workbench.cashier.received'), key: 'received', align: 'right', render: (_, m) => formatMoney(m.received_amount) },
                  { title: t('pages.workbench.cashier.refunded'), key: 'refunded', align: 'right', render: (_, m) => formatMoney(m.refunded_amount) },
                ]}
                data-testid="wb-takings-modes"
              />
            </Flex>
          </Section>
        </Col>
      )}
    </Row>
  );
}
