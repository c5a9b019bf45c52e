/** Rows of the workbench's short lists: a customer in the clinic, a booking, each opening what it is about. */
import { Flex, List, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { formatDateTime } from '../../../utils/time';
import { VisitKindTag, VisitStatusTag } from '../../reception/shared/labels';
import type { VisitRow } from '../service';
import { Empty } from './Figures';

export function clock(value: string): string {
  return formatDateTime(value, 'HH:mm');
}

export function CustomerName({ customer, link }: { customer: { name: string; phone: string }; link?: string | null }) {
  const name = (
    <span style={{ fontWeight: 500 }} data-testid="wb-customer">
      {customer.name}
    </span>
  );
  return (
    <span>
      {link ? <Link to={link}>{name}</Link> : name}
      {customer.phone && (
        <Typography.Text type="secondary" style={{ marginInlineStart: 6, fontSize: 12 }}>
          {customer.phone}
        </Typography.Text>
      )}
    </span>
  );
}

interface RowListProps<T> {
  rows: T[];
  empty: ReactNode;
  render: (row: T) => ReactNode;
  rowKey: (row: T) => number;
  testId: string;
}

export function RowList<T>({ rows, empty, render, rowKey, testId }: RowListProps<T>) {
  if (rows.length === 0) return <Empty>{empty}</Empty>;
  return (
    <List
      size="small"
      split
      dataSource={rows}
      rowKey={rowKey}
      renderItem={(row) => (
        <List.Item style={{ paddingInline: 0 }} data-testid={`${testId}-row`}>
          {render(row)}
        </List.Item>
      )}
      data-testid={testId}
    />
  );
}

/** A customer in the clinic today: arrival time, who, what kind of visit and where they are; `action` at the end. */
export function VisitLine({ visit, action }: { visit: VisitRow; action?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Flex justify="space-between" align="center" gap={8} wrap style={{ width: '100%' }}>
      <Flex vertical gap={2} style={{ minWidth: 0 }}>
        <CustomerName customer={visit.customer} link={visit.link} />
        <Flex gap={6} align="center" wrap>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('pages.workbench.arrivedAt', { time: clock(visit.arrived_at), minutes: visit.waited_minutes })}
          </Typography.Text>
          <VisitKindTag kind={visit.kind} />
          <VisitStatusTag status={visit.status} />
          {visit.consultant && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {visit.consultant.name}
            </Typography.Text>
          )}
        </Flex>
      </Flex>
      {action}
    </Flex>
  );
}
