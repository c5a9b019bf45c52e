import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, DatePicker, Empty, Flex, Pagination, Select, Spin, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { useLayoutMode } from '../../../../layouts/useLayoutMode';
import { FIRST_PAGE, serverPagination, type PageState } from '../../../../utils/pagination';
import { formatDateTime } from '../../../../utils/time';
import { CustomerSelect } from '../../../customers/shared/CustomerSelect';
import { RESOURCE_ACTIONS, useFollowupLabels } from '../../components/labels';
import { followupKeys, listResourceActions } from '../../service';
import type { ResourceAction, ResourceActionKind, ResourceActionQuery, ResourceRule } from '../../types';

const ACTION_COLORS: Record<ResourceActionKind, string> = { create_task: 'blue', flag: 'orange', release: 'red' };

function ActionTag({ action }: { action: ResourceActionKind }) {
  const labels = useFollowupLabels();
  return <Tag color={ACTION_COLORS[action]}>{labels.resourceAction(action)}</Tag>;
}

/** "From → to" of a release; empty for the other actions. */
function Movement({ row }: { row: ResourceAction }) {
  const { t } = useTranslation();
  if (row.action !== 'release') return null;
  const to = row.to_consultant?.name ?? (row.to_pool ? t('pages.followups.inPool', { name: row.to_pool.name }) : '—');
  return (
    <Typography.Text>
      {row.from_consultant?.name ?? t('pages.followups.unassigned')} → {to}
    </Typography.Text>
  );
}

interface Filters {
  rule?: number;
  action?: ResourceActionKind;
  customer?: number;
  date_from?: string;
  date_to?: string;
}

/** 执行记录: what the resource rules did to which customer, and why. */
export function ActionLog({ rules }: { rules: ResourceRule[] }) {
  const { t } = useTranslation();
  const labels = useFollowupLabels();
  const phone = useLayoutMode() === 'phone';
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState<PageState>(FIRST_PAGE);
  const query: ResourceActionQuery = { ...filters, action: filters.action ? [filters.action] : undefined, ...page };
  const log = useQuery({ queryKey: followupKeys.resourceActions(query), queryFn: () => listResourceActions(query), placeholderData: keepPreviousData });
  const filter = (next: Partial<Filters>) => {
    setFilters((previous) => ({ ...previous, ...next }));
    setPage((previous) => ({ ...previous, page: 1 }));
  };
  const rows = log.data?.results ?? [];
  const pagination = serverPagination(page, log.data?.count ?? 0, setPage, t);

  return (
    <Flex vertical gap={12}>
      <Flex gap={8} wrap vertical={phone}>
        <Select<number>
          allowClear
          placeholder={t('pages.followups.resources.filter.rule')}
          value={filters.rule}
          onChange={(rule) => filter({ rule: rule ?? undefined })}
          options={rules.map((rule) => ({ value: rule.id, label: rule.name }))}
          style={{ minWidth: 180 }}
        />
        <Select<ResourceActionKind>
          allowClear
          placeholder={t('pages.followups.resources.filter.action')}
          value={filters.action}
          onChange={(action) => filter({ action: action ?? undefined })}
          options={RESOURCE_ACTIONS.map((value) => ({ value, label: labels.resourceAction(value) }))}
          style={{ minWidth: 140 }}
        />
        <div style={{ minWidth: 220 }}>
          <CustomerSelect value={filters.customer} onChange={(customer) => filter({ customer: customer ?? undefined })} />
        </div>
        <DatePicker.RangePicker
          allowEmpty={[true, true]}
          onChange={(range) => filter({ date_from: range?.[0]?.format('YYYY-MM-DD'), date_to: range?.[1]?.format('YYYY-MM-DD') })}
          inputReadOnly={phone}
        />
      </Flex>
      {phone ? (
        <Spin spinning={log.isFetching}>
          <Flex vertical gap={8} data-testid="resource-actions">
            {rows.length === 0 && !log.isFetching && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pages.followups.resources.log.empty')} />}
            {rows.map((row) => (
              <Card key={row.id} size="small">
                <Flex vertical gap={4}>
                  <Flex justify="space-between" gap={8}>
                    <Link to={`/customers/${row.customer.id}`}>{row.customer.name}</Link>
                    <ActionTag action={row.action} />
                  </Flex>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(row.created_at)} · {row.rule.name}
                  </Typography.Text>
                  <Movement row={row} />
                  <Typography.Text>{row.reason}</Typography.Text>
                </Flex>
              </Card>
            ))}
            {(log.data?.count ?? 0) > page.page_size && (
              <Pagination size="small" simple align="center" current={page.page} pageSize={page.page_size} total={log.data?.count} onChange={(next) => setPage({ ...page, page: next })} />
            )}
          </Flex>
        </Spin>
      ) : (
        <Table<ResourceAction>
          rowKey="id"
          size="middle"
          loading={log.isFetching}
          dataSource={rows}
          pagination={pagination}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pages.followups.resources.log.empty')} /> }}
          data-testid="resource-actions"
          columns={[
            { title: t('pages.followups.resources.log.time'), render: (_, row) => formatDateTime(row.created_at) },
            { title: t('pages.followups.field.customer'), render: (_, row) => <Link to={`/customers/${row.customer.id}`}>{row.customer.name}</Link> },
            { title: t('pages.followups.resources.log.rule'), render: (_, row) => row.rule.name },
            { title: t('pages.followups.resources.action'), render: (_, row) => <ActionTag action={row.action} /> },
            { title: t('pages.followups.resources.log.movement'), render: (_, row) => <Movement row={row} /> },
            {
              title: t('pages.followups.resources.log.reason'),
              dataIndex: 'reason',
              render: (reason: string) => <Typography.Text style={{ maxWidth: 420, display: 'inline-block' }}>{reason}</Typography.Text>,
            },
          ]}
        />
      )}
    </Flex>
  );
}
