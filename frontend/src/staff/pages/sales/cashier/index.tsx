import { PlusOutlined, WalletOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Flex, Input, Select, Tabs } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';

import { PageContainer } from '../../../components/PageContainer';
import { usePageState } from '../../../hooks/usePageState';
import { useAccess } from '../../../session/useMe';
import { toCents } from '../../../utils/money';
import { serverPagination } from '../../../utils/pagination';
import { withParams } from '../../../utils/queryParams';
import { clinicNow } from '../../../utils/time';
import { listOrders, OPEN_STATUSES, ORDER_STATUSES, salesKeys, type OrderQuery, type OrderStatus } from '../service';
import { DepositModal } from './components/DepositModal';
import { OrderActionsHost, type PendingAction } from './components/OrderActionsHost';
import { OrderDrawer } from './components/OrderDrawer';
import { OrderList } from './components/OrderList';
import { readCashierView, writeCashierView, type CashierTab, type CashierView } from './viewState';

/**
 * 收银台: today's orders waiting for payment, a search over every order, an order's detail with what can be
 * done next (pay, repay, void, refund), and deposits taken without an order. `?order=<id>` opens an order;
 * `?tab=all&status=…` opens 全部订单 filtered (the workbench links so).
 */
export default function CashierPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => readCashierView(params), [params]);
  const { tab, statuses, debt } = view;
  const [search, setSearch] = useState('');
  const [page, setPage] = usePageState(JSON.stringify([tab, statuses, debt, search]));
  const [pending, setPending] = useState<PendingAction | null>(null);
  const [deposit, setDeposit] = useState(false);
  const orderId = Number(params.get('order')) || null;
  const showView = (next: Partial<CashierView>) =>
    setParams((current) => withParams(current, writeCashierView({ ...view, ...next })), { replace: true });
  const today = clinicNow().format('YYYY-MM-DD');

  const query: OrderQuery =
    tab === 'today'
      ? // Settled with debt is partly paid too, but nothing is left to collect: the debt list has those.
        { status: OPEN_STATUSES, has_debt: 'false', created_from: today, created_to: today, ordering: 'created_at', ...page }
      : { ...(search ? { search } : {}), ...(statuses.length ? { status: statuses } : {}), ...(debt ? { has_debt: debt } : {}), ...page };
  const orders = useQuery({ queryKey: salesKeys.orderList(query), queryFn: () => listOrders(query) });
  const openOrder = (id: number | null) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (id) next.set('order', String(id));
      else next.delete('order');
      return next;
    });

  const list = (
    <OrderList
      rows={orders.data?.results ?? []}
      loading={orders.isFetching}
      pagination={serverPagination(page, orders.data?.count ?? 0, setPage, t, orders.data?.count_capped)}
      onOpen={(row) => openOrder(row.id)}
      action={
        access.canTakePayment
          ? {
              label: t('pages.sales.cashier.pay'),
              show: (row) =>
                OPEN_STATUSES.includes(row.status) &&
                (toCents(row.outstanding_amount) ?? 0) > 0 &&
                row.discount_status !== 'pending' &&
                row.discount_status !== 'rejected',
              onClick: (row) => setPending({ action: 'pay', order: row }),
            }
          : undefined
      }
      testId={`orders-${tab}`}
    />
  );

  return (
    <PageContainer
      title={t('menu.sales.cashier')}
      extra={
        <>
          {access.canAddOrder && (
            <Button icon={<PlusOutlined />} onClick={() => void navigate('/sales/orders/new')}>
              {t('menu.sales.orderNew')}
            </Button>
          )}
          {access.canTakePayment && (
            <Button icon={<WalletOutlined />} onClick={() => setDeposit(true)} data-testid="take-deposit">
              {t('pages.sales.deposit.title')}
            </Button>
          )}
        </>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(key) => showView({ tab: key as CashierTab })}
        items={[
          { key: 'today', label: t('pages.sales.cashier.today'), children: tab === 'today' && list },
          {
            key: 'all',
            label: t('pages.sales.cashier.all'),
            children: tab === 'all' && (
              <Flex vertical gap={12}>
                <Flex gap={8} wrap>
                  <Input.Search
                    allowClear
                    placeholder={t('pages.sales.cashier.search')}
                    onSearch={(value) => setSearch(value.trim())}
                    style={{ flex: '1 1 240px', maxWidth: 360 }}
                    data-testid="orders-search"
                  />
                  <Select<OrderStatus[]>
                    mode="multiple"
                    allowClear
                    value={statuses}
                    onChange={(next) => showView({ statuses: next })}
                    placeholder={t('common.status')}
                    options={ORDER_STATUSES.map((status) => ({ value: status, label: t(`pages.sales.orderStatus.${status}`) }))}
                    style={{ flex: '1 1 200px', maxWidth: 360 }}
                    maxTagCount="responsive"
                  />
                  <Select<'true' | 'false'>
                    allowClear
                    value={debt}
                    onChange={(next) => showView({ debt: next })}
                    placeholder={t('pages.sales.cashier.debt')}
                    options={[
                      { value: 'true', label: t('pages.sales.cashier.withDebt') },
                      { value: 'false', label: t('pages.sales.cashier.withoutDebt') },
                    ]}
                    style={{ flex: '0 1 140px' }}
                    data-testid="orders-debt-filter"
                  />
                </Flex>
                {list}
              </Flex>
            ),
          },
        ]}
      />
      <OrderDrawer orderId={orderId} onClose={() => openOrder(null)} onAction={(action, order) => setPending({ action, order })} />
      <OrderActionsHost pending={pending} onClose={() => setPending(null)} />
      {deposit && <DepositModal onClose={() => setDeposit(false)} />}
    </PageContainer>
  );
}
