import { useQuery } from '@tanstack/react-query';
import { Collapse, Flex, Skeleton, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';

import { formatMoney, toCents } from '../../../../utils/money';
import { formatDateTime } from '../../../../utils/time';
import { getOrderDetail, listCustomerOrders, salesTabKeys, type OrderDetail, type OrderRow } from '../salesRecords';
import { RecordTab } from './RecordTab';
import { TabError } from './TabError';
import type { TabContentProps } from './tabs';

const STATUS_COLORS: Record<OrderRow['status'], string> = {
  pending: 'orange',
  partially_paid: 'gold',
  paid: 'success',
  partially_refunded: 'purple',
  refunded: 'default',
  void: 'default',
};

function OrderStatusTag({ order }: { order: Pick<OrderRow, 'status'> }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[order.status]}>{t(`pages.customers.sales.orderStatus.${order.status}`)}</Tag>;
}

type Line = OrderDetail['lines'][number];
type Payment = OrderDetail['payments'][number];

/** An order's lines and the payments taken for it, loaded when the row is opened. */
function OrderLinesAndPayments({ orderId }: { orderId: number }) {
  const { t } = useTranslation();
  const detail = useQuery({ queryKey: salesTabKeys.order(orderId), queryFn: () => getOrderDetail(orderId) });
  if (detail.isPending) return <Skeleton active paragraph={{ rows: 2 }} />;
  if (detail.isError) return <TabError onRetry={() => void detail.refetch()} />;
  const order = detail.data;
  const lineColumns: TableColumnsType<Line> = [
    { title: t('pages.customers.sales.line.name'), key: 'name', render: (_, line) => `${line.name}` },
    { title: t('pages.customers.sales.line.quantity'), key: 'quantity', align: 'right', render: (_, line) => `${line.quantity}${line.unit}` },
    { title: t('pages.customers.sales.line.list'), key: 'list', align: 'right', render: (_, line) => formatMoney(line.list_amount) },
    { title: t('pages.customers.sales.line.total'), key: 'total', align: 'right', render: (_, line) => formatMoney(line.total_amount) },
  ];
  const paymentColumns: TableColumnsType<Payment> = [
    { title: t('pages.customers.sales.payment.time'), key: 'time', render: (_, payment) => formatDateTime(payment.created_at) },
    { title: t('pages.customers.sales.payment.number'), dataIndex: 'number', key: 'number' },
    { title: t('pages.customers.sales.payment.kind'), dataIndex: 'kind_display', key: 'kind' },
    { title: t('pages.customers.sales.payment.modes'), dataIndex: 'modes', key: 'modes' },
    { title: t('pages.customers.sales.payment.amount'), key: 'amount', align: 'right', render: (_, payment) => formatMoney(payment.total_amount) },
  ];
  return (
    <Flex vertical gap={8} data-testid={`order-detail-${orderId}`}>
      <Table<Line> rowKey="id" size="small" columns={lineColumns} dataSource={order.lines} pagination={false} scroll={{ x: 'max-content' }} />
      {order.payments.length > 0 ? (
        <Table<Payment>
          rowKey="id"
          size="small"
          columns={paymentColumns}
          dataSource={order.payments}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid={`order-payments-${orderId}`}
        />
      ) : (
        <Typography.Text type="secondary">{t('pages.customers.sales.payment.none')}</Typography.Text>
      )}
    </Flex>
  );
}

/** 消费: the customer's orders, newest first; open one for its lines and payments. */
export function OrdersTab({ customerId }: TabContentProps) {
  const { t } = useTranslation();
  const debt = (order: OrderRow) =>
    (toCents(order.debt_amount) ?? 0) > 0 && <Tag color="red">{t('pages.customers.sales.debt', { amount: formatMoney(order.debt_amount) })}</Tag>;
  const columns: TableColumnsType<OrderRow> = [
    { title: t('pages.customers.sales.order.createdAt'), key: 'created_at', render: (_, order) => formatDateTime(order.created_at) },
    { title: t('pages.customers.sales.order.number'), dataIndex: 'number', key: 'number' },
    { title: t('common.status'), key: 'status', render: (_, order) => <OrderStatusTag order={order} /> },
    { title: t('pages.customers.sales.order.total'), key: 'total', align: 'right', render: (_, order) => formatMoney(order.total_amount) },
    { title: t('pages.customers.sales.order.paid'), key: 'paid', align: 'right', render: (_, order) => formatMoney(order.paid_amount) },
    { title: t('pages.customers.sales.order.debt'), key: 'debt', align: 'right', render: (_, order) => ((toCents(order.debt_amount) ?? 0) > 0 ? formatMoney(order.debt_amount) : '') },
    { title: t('pages.customers.sales.order.consultant'), key: 'consultant', render: (_, order) => order.consultant?.name },
  ];
  return (
    <RecordTab<OrderRow>
      kind="orders"
      customerId={customerId}
      fetchPage={listCustomerOrders}
      columns={columns}
      expandable={{ expandedRowRender: (order) => <OrderLinesAndPayments orderId={order.id} /> }}
      renderCard={(order) => (
        <Flex vertical gap={4}>
          <Flex gap={6} align="center" wrap>
            <Typography.Text strong>{order.number}</Typography.Text>
            <OrderStatusTag order={order} />
            {debt(order)}
          </Flex>
          <Typography.Text type="secondary">
            {formatDateTime(order.created_at)} · {t('pages.customers.sales.order.totalPaid', { total: formatMoney(order.total_amount), paid: formatMoney(order.paid_amount) })}
          </Typography.Text>
          <Collapse
            size="small"
            ghost
            items={[{ key: 'detail', label: t('pages.customers.sales.order.details'), children: <OrderLinesAndPayments orderId={order.id} /> }]}
          />
        </Flex>
      )}
    />
  );
}
