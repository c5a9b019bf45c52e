import { useQuery } from '@tanstack/react-query';
import { Flex, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { PageContainer } from '../../../components/PageContainer';
import { useAccess } from '../../../session/useMe';
import { FIRST_PAGE, serverPagination, type PageState } from '../../../utils/pagination';
import { OrderActionsHost, type PendingAction } from '../cashier/components/OrderActionsHost';
import { OrderDrawer } from '../cashier/components/OrderDrawer';
import { OrderList } from '../cashier/components/OrderList';
import { listDebts, salesKeys, type OrderQuery } from '../service';

/** 欠款: orders settled with debt, the oldest first, each repaid from here. */
export default function DebtsPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const [page, setPage] = useState<PageState>(FIRST_PAGE);
  const [search, setSearch] = useState('');
  const [opened, setOpened] = useState<number | null>(null);
  const [pending, setPending] = useState<PendingAction | null>(null);
  const query: OrderQuery = { ...(search ? { search } : {}), ...page };
  const debts = useQuery({ queryKey: salesKeys.debts(query), queryFn: () => listDebts(query) });

  return (
    <PageContainer title={t('menu.sales.debts')}>
      <Flex vertical gap={12}>
        <Input.Search
          allowClear
          placeholder={t('pages.sales.cashier.search')}
          onSearch={(value) => {
            setSearch(value.trim());
            setPage(FIRST_PAGE);
          }}
          style={{ maxWidth: 360 }}
        />
        <OrderList
          rows={debts.data?.results ?? []}
          loading={debts.isFetching}
          amount="debt"
          pagination={serverPagination(page, debts.data?.count ?? 0, setPage, t, debts.data?.count_capped)}
          onOpen={(row) => setOpened(row.id)}
          action={access.canTakePayment ? { label: t('pages.sales.cashier.repay'), onClick: (row) => setPending({ action: 'repay', order: row }) } : undefined}
          testId="debts"
        />
      </Flex>
      <OrderDrawer orderId={opened} onClose={() => setOpened(null)} onAction={(action, order) => setPending({ action, order })} />
      <OrderActionsHost pending={pending} onClose={() => setPending(null)} />
    </PageContainer>
  );
}
