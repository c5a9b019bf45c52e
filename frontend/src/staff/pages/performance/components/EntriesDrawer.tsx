import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Drawer, Empty, Flex, Pagination, Segmented, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { useLayoutMode } from '../../../layouts/useLayoutMode';
import { useAccess } from '../../../session/useMe';
import { formatMoney, toCents } from '../../../utils/money';
import { FIRST_PAGE, serverPagination, type PageState } from '../../../utils/pagination';
import { formatDateTime } from '../../../utils/time';
import { listEntries, performanceKeys, PERFORMANCE_KINDS, type PerformanceEntry, type PerformanceKind, type StatementRow } from '../service';
import type { DateRange } from '../statement';

const KIND_COLORS: Record<PerformanceKind, string> = { sales: 'blue', consumption: 'green', operation_fee: 'gold' };

interface EntriesDrawerProps {
  row: StatementRow;
  range: DateRange;
  onClose: () => void;
}

/** The rows behind one person's totals: every payment, deduction, refund or reversal credited to them. */
export function EntriesDrawer({ row, range, onClose }: EntriesDrawerProps) {
  const { t } = useTranslation();
  const access = useAccess();
  const mode = useLayoutMode();
  const [kind, setKind] = useState<PerformanceKind | 'all'>('all');
  const [page, setPage] = useState<PageState>(FIRST_PAGE);
  const query = {
    staff: row.staff.id,
    date_from: range.from,
    date_to: range.to,
    kind: kind === 'all' ? undefined : [kind],
    page: page.page,
    page_size: page.page_size,
  };
  const list = useQuery({
    queryKey: performanceKeys.entries(query),
    queryFn: () => listEntries(query),
    placeholderData: keepPreviousData,
  });
  const rows = list.data?.results ?? [];
  const count = list.data?.count ?? 0;

  const amount = (entry: PerformanceEntry) => (
    <Typography.Text type={(toCents(entry.amount) ?? 0) < 0 ? 'danger' : undefined}>{formatMoney(entry.amount)}</Typography.Text>
  );
  const customer = (entry: PerformanceEntry) =>
    access.canViewCustomer ? <Link to={`/customers/${entry.customer}`}>#{entry.customer}</Link> : `#${entry.customer}`;
  const columns: TableColumnsType<PerformanceEntry> = [
    { title: t('pages.performance.field.occurredAt'), key: 'occurred_at', render: (_, entry) => formatDateTime(entry.occurred_at) },
    { title: t('pages.performance.field.kind'), key: 'kind', render: (_, entry) => <Tag color={KIND_COLORS[entry.kind]}>{t(`pages.performance.kind.${entry.kind}`)}</Tag> },
    { title: t('pages.performance.field.role'), key: 'role', render: (_, entry) => entry.position_name || entry.role_display },
    { title: t('pages.performance.field.summary'), dataIndex: 'summary', key: 'summary' },
    { title: t('pages.performance.field.customer'), key: 'customer', render: (_, entry) => customer(entry) },
    { title: t('pages.performance.field.amount'), key: 'amount', align: 'right', render: (_, entry) => amount(entry) },
  ];

  return (
    <Drawer
      open
      onClose={onClose}
      size={mode === 'desktop' ? 960 : '100%'}
      title={t('pages.performance.entries.title', { name: row.staff.name, from: range.from, to: range.to })}
      destroyOnHidden
    >
      <Flex vertical gap={12}>
        <Segmented<PerformanceKind | 'all'>
          value={kind}
          onChange={(next) => {
            setKind(next);
            setPage(FIRST_PAGE);
          }}
          options={[
            { value: 'all', label: t('pages.performance.kind.all') },
            ...PERFORMANCE_KINDS.map((value) => ({ value, label: t(`pages.performance.kind.${value}`) })),
          ]}
        />
        {mode === 'phone' ? (
          <Flex vertical gap={8} data-testid="performance-entries">
            {rows.length === 0 && !list.isPending && <Empty description={t('common.empty')} />}
            {rows.map((entry) => (
              <Card key={entry.id} size="small">
                <Flex justify="space-between" gap={8}>
                  <Flex vertical gap={2}>
                    <Flex gap={6} align="center">
                      <Tag color={KIND_COLORS[entry.kind]}>{t(`pages.performance.kind.${entry.kind}`)}</Tag>
                      <Typography.Text type="secondary">{formatDateTime(entry.occurred_at)}</Typography.Text>
                    </Flex>
                    <span>{entry.summary}</span>
                  </Flex>
                  {amount(entry)}
                </Flex>
              </Card>
            ))}
            {count > page.page_size && (
              <Pagination align="center" simple current={page.page} pageSize={page.page_size} total={count} onChange={(next) => setPage({ ...page, page: next })} />
            )}
          </Flex>
        ) : (
          <Table<PerformanceEntry>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={rows}
            loading={list.isFetching}
            scroll={{ x: 'max-content' }}
            pagination={serverPagination(page, count, setPage, t)}
            data-testid="performance-entries"
          />
        )}
      </Flex>
    </Drawer>
  );
}
