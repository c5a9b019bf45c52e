import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Empty, Flex, Pagination, Skeleton, Table, type TableColumnsType, type TableProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { useLayoutMode } from '../../../../layouts/useLayoutMode';
import { recordKeys, TAB_PAGE_SIZE, type RecordPage } from '../records';
import { TabError } from './TabError';

interface RecordTabProps<Row extends { id: number }> {
  /** Names the list in the query cache. */
  kind: string;
  customerId: number;
  fetchPage: (customerId: number, page: number) => Promise<RecordPage<Row>>;
  columns: TableColumnsType<Row>;
  /** One row as a card on a phone, where a wide table does not fit. */
  renderCard: (row: Row) => ReactNode;
  expandable?: TableProps<Row>['expandable'];
}

/** A 360° tab listing one kind of record of the customer, newest first, ten at a time. */
export function RecordTab<Row extends { id: number }>({ kind, customerId, fetchPage, columns, renderCard, expandable }: RecordTabProps<Row>) {
  const { t } = useTranslation();
  const phone = useLayoutMode() === 'phone';
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: recordKeys.list(kind, customerId, page),
    queryFn: () => fetchPage(customerId, page),
    placeholderData: keepPreviousData,
  });

  if (list.isPending) return <Skeleton active paragraph={{ rows: 4 }} />;
  if (list.isError && !list.data) return <TabError onRetry={() => void list.refetch()} />;
  const { count, results } = list.data;
  if (count === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.empty')} />;

  if (phone) {
    return (
      <Flex vertical gap={8} data-testid={`customer-${kind}`}>
        {results.map((row) => (
          <Card key={row.id} size="small">
            {renderCard(row)}
          </Card>
        ))}
        {count > TAB_PAGE_SIZE && (
          <Pagination align="center" simple current={page} pageSize={TAB_PAGE_SIZE} total={count} onChange={setPage} />
        )}
      </Flex>
    );
  }
  return (
    <Table<Row>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={results}
      loading={list.isFetching}
      expandable={expandable}
      scroll={{ x: 'max-content' }}
      pagination={{
        current: page,
        pageSize: TAB_PAGE_SIZE,
        total: count,
        hideOnSinglePage: true,
        showSizeChanger: false,
        showTotal: (total) => t('common.pagination.total', { count: total }),
        onChange: setPage,
      }}
      data-testid={`customer-${kind}`}
    />
  );
}
