import { Button, Card, Empty, Flex, Pagination, Spin, Table, Typography } from 'antd';
import type { TablePaginationConfig } from 'antd';
import { useTranslation } from 'react-i18next';

import { useLayoutMode } from '../../../../layouts/useLayoutMode';
import { formatMoney } from '../../../../utils/money';
import { formatDateTime } from '../../../../utils/time';
import { DiscountStatusTag, OrderStatusTag } from '../../components/labels';
import type { OrderRow } from '../../service';

interface OrderListProps {
  rows: OrderRow[];
  loading: boolean;
  pagination: TablePaginationConfig | false;
  onOpen: (order: OrderRow) => void;
  /** The amount column: what is still due (cashier) or the debt (debt list). */
  amount?: 'outstanding' | 'debt';
  action?: { label: string; onClick: (order: OrderRow) => void; show?: (order: OrderRow) => boolean };
  testId?: string;
}

/** Orders as a table on wide screens and as cards on a phone. */
export function OrderList({ rows, loading, pagination, onOpen, amount = 'outstanding', action, testId }: OrderListProps) {
  const { t } = useTranslation();
  const phone = useLayoutMode() === 'phone';
  const due = (row: OrderRow) => (amount === 'debt' ? row.debt_amount : row.outstanding_amount);
  const dueTitle = t(amount === 'debt' ? 'pages.sales.col.debt' : 'pages.sales.col.outstanding');
  const actionButton = (row: OrderRow) =>
    action && (action.show?.(row) ?? true) ? (
      <Button
        size="small"
        type="primary"
        onClick={(event) => {
          event.stopPropagation();
          action.onClick(row);
        }}
        data-testid={`row-action-${row.number}`}
      >
        {action.label}
      </Button>
    ) : null;

  if (phone) {
    return (
      <Spin spinning={loading}>
        <Flex vertical gap={8} data-testid={testId}>
          {rows.length === 0 && !loading && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
          {rows.map((row) => (
          <Card key={row.id} size="small" onClick={() => onOpen(row)} hoverable data-testid={`order-row-${row.number}`}>
            <Flex justify="space-between" gap={8}>
              <Typography.Text strong>{row.customer.name}</Typography.Text>
              <OrderStatusTag status={row.status} />
            </Flex>
            <Typography.Text type="secondary">{row.number} · {formatDateTime(row.created_at)}</Typography.Text>
            <Flex justify="space-between" align="center" style={{ marginTop: 4 }}>
              <span>
                {dueTitle} <Typography.Text strong>{formatMoney(due(row))}</Typography.Text>
                <Typography.Text type="secondary"> / {formatMoney(row.total_amount)}</Typography.Text>
              </span>
              {actionButton(row)}
            </Flex>
          </Card>
          ))}
          {pagination !== false && (pagination.total ?? 0) > (pagination.pageSize ?? 20) && (
            <Pagination
              size="small"
              align="center"
              current={pagination.current}
              pageSize={pagination.pageSize}
              total={pagination.total}
              onChange={pagination.onChange}
            />
          )}
        </Flex>
      </Spin>
    );
  }
  return (
    <Table<OrderRow>
      size="middle"
      rowKey="id"
      loading={loading}
      dataSource={rows}
      pagination={pagination}
      scroll={{ x: 'max-content' }}
      onRow={(row) => ({ onClick: () => onOpen(row), style: { cursor: 'pointer' }, 'data-testid': `order-row-${row.number}` }) as object}
      data-testid={testId}
      columns={[
        { title: t('pages.sales.col.number'), dataIndex: 'number' },
        { title: t('pages.sales.col.customer'), render: (_, row) => `${row.customer.name} ${row.customer.phone}` },
        { title: t('pages.sales.order.total'), dataIndex: 'total_amount', align: 'right', render: formatMoney },
        { title: t('pages.sales.col.paid'), dataIndex: 'paid_amount', align: 'right', render: formatMoney },
        { title: dueTitle, align: 'right', render: (_, row) => <Typography.Text strong>{formatMoney(due(row))}</Typography.Text> },
        {
          title: t('common.status'),
          render: (_, row) => (
            <>
              <OrderStatusTag status={row.status} />
              <DiscountStatusTag status={row.discount_status} />
            </>
          ),
        },
        { title: t('pages.sales.order.consultant'), render: (_, row) => row.consultant?.name ?? '—' },
        { title: t('pages.sales.col.createdAt'), dataIndex: 'created_at', render: (value: string) => formatDateTime(value) },
        ...(action ? [{ title: t('common.actions'), key: 'action', fixed: 'right' as const, render: (_: unknown, row: OrderRow) => actionButton(row) }] : []),
      ]}
    />
  );
}
