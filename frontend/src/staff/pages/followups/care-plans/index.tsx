import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Flex, Input, Pagination, Result, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { RowActions } from '../../../components/CrudButtons';
import { PageContainer } from '../../../components/PageContainer';
import { useLayoutMode } from '../../../layouts/useLayoutMode';
import { FIRST_PAGE, serverPagination, type PageState } from '../../../utils/pagination';
import { deleteCarePlan, followupKeys, listCarePlans, updateCarePlan } from '../service';
import { planDays, type CarePlan, type CarePlanQuery } from '../types';
import { CarePlanDrawer } from './components/CarePlanDrawer';

function Days({ value }: { value: unknown }) {
  const { t } = useTranslation();
  const days = planDays(value);
  if (days.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Flex gap={4} wrap>
      {days.map((day) => (
        <Tag key={day}>{t('pages.followups.care.day', { day })}</Tag>
      ))}
    </Flex>
  );
}

/** 术后关怀: per item, the aftercare instructions sent after a treatment and the follow-up / message days. */
export default function CarePlansPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const phone = useLayoutMode() === 'phone';
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<CarePlan | 'new' | null>(null);
  const [page, setPage] = useState<PageState>(FIRST_PAGE);
  const query: CarePlanQuery = { search: search || undefined, ...page };
  const plans = useQuery({ queryKey: followupKeys.carePlanList(query), queryFn: () => listCarePlans(query), placeholderData: keepPreviousData });
  const remove = useMutation({
    mutationFn: (plan: CarePlan) => deleteCarePlan(plan.item),
    onSuccess: async () => {
      void message.success(t('common.deleted'));
      await queryClient.invalidateQueries({ queryKey: followupKeys.carePlans });
    },
  });

  const toggle = useMutation({
    mutationFn: (plan: CarePlan) => updateCarePlan(plan.item, { is_active: !plan.is_active }),
    onSuccess: async (saved) => {
      void message.success(t(saved.is_active ? 'pages.followups.rules.enabled' : 'pages.followups.rules.disabled', { name: saved.item_name }));
      await queryClient.invalidateQueries({ queryKey: followupKeys.carePlans });
    },
  });
  const activeSwitch = (plan: CarePlan) => (
    <Switch
      size="small"
      checked={plan.is_active}
      loading={toggle.isPending && toggle.variables?.item === plan.item}
      onChange={() => toggle.mutate(plan)}
      data-testid={`care-switch-${plan.item}`}
    />
  );

  const rows = plans.data?.results ?? [];
  const total = plans.data?.count ?? 0;
  const find = (value: string) => {
    setSearch(value.trim());
    setPage((previous) => ({ ...previous, page: 1 }));
  };
  const actions = (plan: CarePlan) => (
    <RowActions
      onEdit={() => setEditing(plan)}
      onDelete={() => remove.mutate(plan)}
      deleteConfirm={t('pages.followups.care.delete.confirm', { name: plan.item_name })}
      deleteHint={t('pages.followups.care.delete.hint')}
    />
  );

  let body: React.ReactNode;
  if (plans.isError && !plans.data) {
    body = <Result status="error" title={t('pages.followups.loadFailed')} extra={<Button onClick={() => void plans.refetch()}>{t('common.retry')}</Button>} />;
  } else if (phone) {
    body = (
      <Flex vertical gap={8} data-testid="care-plans">
        {rows.length === 0 && !plans.isPending && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pages.followups.care.empty')} />}
        {rows.map((plan) => (
          <Card
            key={plan.item}
            size="small"
            title={
              <Flex gap={8} align="center">
                {activeSwitch(plan)}
                <span>{plan.item_name}</span>
              </Flex>
            }
            extra={actions(plan)}
          >
            <Flex vertical gap={6}>
              <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: 0 }}>
                {plan.instructions}
              </Typography.Paragraph>
              <Flex gap={8} align="center" wrap>
                <Typography.Text type="secondary">{t('pages.followups.care.followupNodes')}</Typography.Text>
                <Days value={plan.followup_nodes} />
              </Flex>
              <Flex gap={8} align="center" wrap>
                <Typography.Text type="secondary">{t('pages.followups.care.messageNodes')}</Typography.Text>
                <Days value={plan.message_nodes} />
              </Flex>
            </Flex>
          </Card>
        ))}
        {total > page.page_size && (
          <Pagination size="small" simple align="center" current={page.page} pageSize={page.page_size} total={total} onChange={(next) => setPage({ ...page, page: next })} />
        )}
      </Flex>
    );
  } else {
    body = (
      <Table<CarePlan>
        rowKey="item"
        size="middle"
        loading={plans.isFetching}
        dataSource={rows}
        pagination={serverPagination(page, total, setPage, t)}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pages.followups.care.empty')} /> }}
        data-testid="care-plans"
        columns={[
          { title: t('pages.followups.care.item'), dataIndex: 'item_name' },
          {
            title: t('pages.followups.care.instructions'),
            dataIndex: 'instructions',
            render: (text: string) => (
              <Typography.Paragraph ellipsis={{ rows: 2, tooltip: text }} style={{ margin: 0, maxWidth: 420 }}>
                {text}
              </Typography.Paragraph>
            ),
          },
          { title: t('pages.followups.care.followupNodes'), render: (_, plan) => <Days value={plan.followup_nodes} /> },
          { title: t('pages.followups.care.messageNodes'), render: (_, plan) => <Days value={plan.message_nodes} /> },
          { title: t('common.status'), render: (_, plan) => activeSwitch(plan) },
          { title: t('common.actions'), fixed: 'right', render: (_, plan) => actions(plan) },
        ]}
      />
    );
  }

  return (
    <PageContainer
      title={t('menu.followups.carePlans')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="care-create">
          {t('pages.followups.care.create')}
        </Button>
      }
    >
      <Flex vertical gap={12}>
        <Input.Search allowClear placeholder={t('pages.followups.care.search')} onSearch={find} onChange={(event) => !event.target.value && find('')} style={{ maxWidth: phone ? undefined : 320 }} />
        {body}
      </Flex>
      {editing && (
        <CarePlanDrawer plan={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />
      )}
    </PageContainer>
  );
}
