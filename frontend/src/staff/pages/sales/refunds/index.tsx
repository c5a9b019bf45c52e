import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Segmented, Space, Table, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { PageContainer } from '../../../components/PageContainer';
import { useAccess } from '../../../session/useMe';
import { FIRST_PAGE, serverPagination, type PageState } from '../../../utils/pagination';
import { formatMoney } from '../../../utils/money';
import { formatDateTime } from '../../../utils/time';
import { RefundStatusTag, useRateLabel } from '../components/labels';
import {
  decideDiscount,
  decideRefund,
  listDiscountApprovals,
  listRefunds,
  salesKeys,
  type DiscountApproval,
  type Refund,
  type RefundQuery,
} from '../service';
import { DecisionModal } from './components/DecisionModal';

type Status = 'pending' | 'done' | 'rejected';
type ApprovalStatus = 'pending' | 'approved' | 'rejected';

interface Deciding {
  kind: 'refund' | 'discount';
  id: number;
  number: string;
  approve: boolean;
}

/** 退款与审批: refund requests (approved = executed), and discount approvals for supervisors. */
export default function RefundsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const access = useAccess();
  const queryClient = useQueryClient();
  const rate = useRateLabel();
  const [status, setStatus] = useState<Status>('pending');
  const [approvalStatus, setApprovalStatus] = useState<ApprovalStatus>('pending');
  const [page, setPage] = useState<PageState>(FIRST_PAGE);
  const [deciding, setDeciding] = useState<Deciding | null>(null);
  const query: RefundQuery = { status: [status], ...page };
  const refunds = useQuery({ queryKey: salesKeys.refundList(query), queryFn: () => listRefunds(query), enabled: access.canViewRefund });
  const approvals = useQuery({
    queryKey: salesKeys.approvals(approvalStatus),
    queryFn: () => listDiscountApprovals(approvalStatus),
    enabled: access.canApproveDiscount,
  });

  const decide = useMutation({
    mutationFn: ({ target, note }: { target: Deciding; note: string }): Promise<unknown> =>
      target.kind === 'refund' ? decideRefund(target.id, target.approve, note) : decideDiscount(target.id, target.approve, note),
    onSuccess: async () => {
      void message.success(t('common.done'));
      setDeciding(null);
      await queryClient.invalidateQueries({ queryKey: ['sales'] });
    },
  });

  const refundTable = (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <Segmented<Status>
        value={status}
        onChange={(next) => {
          setStatus(next);
          setPage(FIRST_PAGE);
        }}
        options={(['pending', 'done', 'rejected'] as Status[]).map((value) => ({ value, label: t(`pages.sales.refundStatus.${value}`) }))}
      />
      <Table<Refund>
        size="middle"
        rowKey="id"
        loading={refunds.isFetching}
        dataSource={refunds.data?.results ?? []}
        pagination={serverPagination(page, refunds.data?.count ?? 0, setPage, t)}
        scroll={{ x: 'max-content' }}
        data-testid="refunds-table"
        expandable={{
          expandedRowRender: (refund) => (
            <Typography.Text type="secondary">
              {refund.lines.map((line) => `${line.name} × ${line.quantity} ${formatMoney(line.amount)}`).join('；')}
              {' → '}
              {refund.entries.map((entry) => `${entry.mode_name} ${formatMoney(entry.amount)}`).join('、')}
            </Typography.Text>
          ),
        }}
        columns={[
          { title: t('pages.sales.col.number'), dataIndex: 'number' },
          { title: t('pages.sales.refund.order'), render: (_, row) => row.order.number },
          { title: t('pages.sales.col.customer'), render: (_, row) => row.customer.name },
          { title: t('pages.sales.refund.total'), dataIndex: 'amount', align: 'right', render: formatMoney },
          { title: t('pages.sales.refund.reasonCol'), dataIndex: 'reason' },
          { title: t('common.status'), render: (_, row) => <RefundStatusTag status={row.status} /> },
          { title: t('pages.sales.refund.requestedBy'), render: (_, row) => `${row.requested_by.name} · ${formatDateTime(row.created_at)}` },
          {
            title: t('common.actions'),
            fixed: 'right',
            render: (_, row) =>
              row.status === 'pending' && access.canApproveRefund ? (
                <Space>
                  <Button size="small" type="primary" onClick={() => setDeciding({ kind: 'refund', id: row.id, number: row.number, approve: true })} data-testid={`refund-approve-${row.number}`}>
                    {t('pages.sales.approve')}
                  </Button>
                  <Button size="small" danger onClick={() => setDeciding({ kind: 'refund', id: row.id, number: row.number, approve: false })}>
                    {t('pages.sales.reject')}
                  </Button>
                </Space>
              ) : (
                row.decided_by && `${row.decided_by.name}${row.decision_note ? `：${row.decision_note}` : ''}`
              ),
          },
        ]}
      />
    </Space>
  );

  const approvalTable = (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <Segmented<ApprovalStatus>
        value={approvalStatus}
        onChange={setApprovalStatus}
        options={(['pending', 'approved', 'rejected'] as ApprovalStatus[]).map((value) => ({ value, label: t(`pages.sales.discountStatus.${value}`) }))}
      />
      <Table<DiscountApproval>
        size="middle"
        rowKey="id"
        loading={approvals.isFetching}
        dataSource={approvals.data?.results ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('pages.sales.refund.order'), render: (_, row) => row.order.number },
          { title: t('pages.sales.col.customer'), render: (_, row) => row.order.customer.name },
          { title: t('pages.sales.order.total'), render: (_, row) => formatMoney(row.order.total_amount) },
          { title: t('pages.sales.approval.rate'), render: (_, row) => `${rate(row.rate)} (${t('pages.sales.approval.limit')} ${rate(row.limit_rate)})` },
          { title: t('pages.sales.approval.requestedBy'), render: (_, row) => `${row.requested_by.name} · ${formatDateTime(row.created_at)}` },
          { title: t('pages.sales.order.approval.reason'), dataIndex: 'reason' },
          {
            title: t('common.actions'),
            fixed: 'right',
            render: (_, row) =>
              row.status === 'pending' ? (
                <Space>
                  <Button size="small" type="primary" onClick={() => setDeciding({ kind: 'discount', id: row.id, number: row.order.number, approve: true })}>
                    {t('pages.sales.approve')}
                  </Button>
                  <Button size="small" danger onClick={() => setDeciding({ kind: 'discount', id: row.id, number: row.order.number, approve: false })}>
                    {t('pages.sales.reject')}
                  </Button>
                </Space>
              ) : (
                row.decided_by?.name
              ),
          },
        ]}
      />
    </Space>
  );

  return (
    <PageContainer title={t('menu.sales.refunds')}>
      <Tabs
        items={[
          ...(access.canViewRefund ? [{ key: 'refunds', label: t('pages.sales.refund.tab'), children: refundTable }] : []),
          ...(access.canApproveDiscount ? [{ key: 'discounts', label: t('pages.sales.approval.tab'), children: approvalTable }] : []),
        ]}
      />
      {deciding && (
        <DecisionModal
          title={t(deciding.approve ? 'pages.sales.decide.approveTitle' : 'pages.sales.decide.rejectTitle', { number: deciding.number })}
          approve={deciding.approve}
          saving={decide.isPending}
          onCancel={() => setDeciding(null)}
          onSubmit={(note) => decide.mutate({ target: deciding, note })}
        />
      )}
    </PageContainer>
  );
}
