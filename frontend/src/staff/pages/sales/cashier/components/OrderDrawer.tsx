import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Drawer, Flex, Skeleton, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { useLayoutMode } from '../../../../layouts/useLayoutMode';
import { useAccess } from '../../../../session/useMe';
import { formatMoney, sumAmounts, toCents } from '../../../../utils/money';
import { formatDateTime } from '../../../../utils/time';
import { DiscountStatusTag, OrderStatusTag, useLineKindLabel } from '../../components/labels';
import { getOrder, salesKeys, type Order, type OrderLine } from '../../service';

export type OrderAction = 'pay' | 'repay' | 'void' | 'refund';

interface OrderDrawerProps {
  orderId: number | null;
  onClose: () => void;
  onAction: (action: OrderAction, order: Order) => void;
}

/** What the cashier may do with an order now (the server decides again). */
export function orderActions(order: Order, access: ReturnType<typeof useAccess>): OrderAction[] {
  const actions: OrderAction[] = [];
  const outstanding = toCents(order.outstanding_amount) ?? 0;
  const debt = toCents(order.debt_amount) ?? 0;
  const paid = toCents(order.paid_amount) ?? 0;
  const discountBlocked = order.discount_status === 'pending' || order.discount_status === 'rejected';
  if (access.canTakePayment && outstanding > 0 && order.status !== 'void' && !discountBlocked) actions.push('pay');
  if (access.canTakePayment && debt > 0) actions.push('repay');
  if (access.canVoidOrder && order.status === 'pending' && paid === 0) actions.push('void');
  if (access.canRequestRefund && order.settled_at && debt === 0 && paid > (toCents(order.refunded_amount) ?? 0)) actions.push('refund');
  return actions;
}

/** An order: lines, discounts, payments with their receipts, approvals, and the buttons for what comes next. */
export function OrderDrawer({ orderId, onClose, onAction }: OrderDrawerProps) {
  const { t } = useTranslation();
  const access = useAccess();
  const kindLabel = useLineKindLabel();
  const phone = useLayoutMode() === 'phone';
  const order = useQuery({
    queryKey: salesKeys.order(orderId ?? 0),
    queryFn: () => getOrder(orderId ?? 0),
    enabled: orderId !== null,
  });
  const data = order.data;
  const actions = data ? orderActions(data, access) : [];
  const labels: Record<OrderAction, string> = {
    pay: t('pages.sales.cashier.pay'),
    repay: t('pages.sales.cashier.repay'),
    void: t('pages.sales.cashier.void'),
    refund: t('pages.sales.cashier.refund'),
  };

  return (
    <Drawer
      open={orderId !== null}
      onClose={onClose}
      size={phone ? '100%' : 640}
      title={data ? t('pages.sales.cashier.orderTitle', { number: data.number }) : t('pages.sales.cashier.order')}
      destroyOnHidden
      data-testid="order-drawer"
      extra={
        data && (
          <Space wrap>
            {actions.map((action) => (
              <Button
                key={action}
                type={action === 'pay' || action === 'repay' ? 'primary' : 'default'}
                danger={action === 'void'}
                onClick={() => onAction(action, data)}
                data-testid={`order-action-${action}`}
              >
                {labels[action]}
              </Button>
            ))}
          </Space>
        )
      }
    >
      {!data ? (
        <Skeleton active />
      ) : (
        <Flex vertical gap={16}>
          {data.discount_status === 'pending' && <Alert type="warning" showIcon title={t('pages.sales.cashier.approvalPending')} />}
          {data.discount_status === 'rejected' && <Alert type="error" showIcon title={t('pages.sales.cashier.approvalRejected')} />}
          <Descriptions size="small" column={phone ? 1 : 2} bordered>
            <Descriptions.Item label={t('pages.sales.col.customer')}>
              {access.canViewCustomer ? <Link to={`/customers/${data.customer.id}`}>{data.customer.name}</Link> : data.customer.name} {data.customer.phone}
            </Descriptions.Item>
            <Descriptions.Item label={t('common.status')}>
              <OrderStatusTag status={data.status} /> <DiscountStatusTag status={data.discount_status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('pages.sales.order.listAmount')}>{formatMoney(data.list_amount)}</Descriptions.Item>
            <Descriptions.Item label={t('pages.sales.order.discountAmount')}>{formatMoney(data.discount_amount)}</Descriptions.Item>
            <Descriptions.Item label={t('pages.sales.order.total')}>
              <Typography.Text strong>{formatMoney(data.total_amount)}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('pages.sales.col.paid')}>{formatMoney(data.paid_amount)}</Descriptions.Item>
            <Descriptions.Item label={t('pages.sales.col.outstanding')}>
              <span data-testid="order-outstanding">{formatMoney(data.outstanding_amount)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('pages.sales.col.debt')}>{formatMoney(data.debt_amount)}</Descriptions.Item>
            {toCents(data.refunded_amount) !== 0 ? (
              <Descriptions.Item label={t('pages.sales.col.refunded')}>{formatMoney(data.refunded_amount)}</Descriptions.Item>
            ) : null}
            <Descriptions.Item label={t('pages.sales.order.consultant')}>{data.consultant?.name ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('pages.sales.order.onlineConsultant')}>{data.online_consultant?.name ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('pages.sales.order.doctor')}>{data.doctor?.name ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('pages.sales.col.createdAt')}>
              {formatDateTime(data.created_at)} · {data.created_by?.name ?? ''}
            </Descriptions.Item>
            {data.note ? <Descriptions.Item label={t('pages.sales.order.note')}>{data.note}</Descriptions.Item> : null}
            {data.void_reason ? <Descriptions.Item label={t('pages.sales.void.reason')}>{data.void_reason}</Descriptions.Item> : null}
          </Descriptions>
          <Table<OrderLine>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={data.lines}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('pages.sales.col.line'), render: (_, line) => `${kindLabel(line.kind)} · ${line.name}` },
              { title: t('pages.sales.order.quantity'), dataIndex: 'quantity', align: 'right' },
              { title: t('pages.sales.order.listPrice'), dataIndex: 'unit_price_amount', align: 'right', render: formatMoney },
              { title: t('pages.sales.order.memberPrice'), dataIndex: 'member_unit_price_amount', align: 'right', render: formatMoney },
              {
                title: t('pages.sales.order.discountAmount'),
                align: 'right',
                render: (_, line) =>
                  formatMoney(sumAmounts([line.tier_discount_amount, line.line_discount_amount, line.order_discount_amount])),
              },
              { title: t('pages.sales.col.lineTotal'), dataIndex: 'total_amount', align: 'right', render: formatMoney },
            ]}
          />
          {data.payments.length > 0 && (
            <Flex vertical gap={8} data-testid="order-payments">
              <Typography.Text strong>{t('pages.sales.cashier.payments')}</Typography.Text>
              {data.payments.map((payment) => (
                <Flex key={payment.id} justify="space-between" align="start" gap={8} style={{ borderBottom: '1px solid rgba(5,5,5,0.06)', paddingBottom: 8 }}>
                  <div style={{ minWidth: 0 }}>
                    <div>{`${payment.number} · ${payment.kind_display} · ${formatMoney(payment.total_amount)}`}</div>
                    <Typography.Text type="secondary">
                      {payment.modes}
                      {toCents(payment.change_amount) ? ` · ${t('pages.sales.pay.change')} ${formatMoney(payment.change_amount)}` : ''} · {formatDateTime(payment.created_at)}
                    </Typography.Text>
                  </div>
                  <Link to={`/sales/receipts/${payment.id}`} data-testid={`receipt-link-${payment.id}`} style={{ whiteSpace: 'nowrap' }}>
                    {t('pages.sales.cashier.receipt')}
                  </Link>
                </Flex>
              ))}
            </Flex>
          )}
        </Flex>
      )}
    </Drawer>
  );
}
