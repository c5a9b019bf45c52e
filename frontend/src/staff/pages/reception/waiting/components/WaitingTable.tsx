import { Flex, Table, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';

import { formatDateTime } from '../../../../utils/time';
import { VisitKindTag, VisitStatusTag } from '../../shared/labels';
import type { Visit } from '../../shared/visitService';
import { VisitActions, type VisitDialog } from './VisitActions';
import { WaitedMinutes } from './WaitedMinutes';

interface WaitingTableProps {
  visits: Visit[];
  loading: boolean;
  minutesOf: (visit: Visit) => number | null;
  onOpen: (dialog: VisitDialog, visit: Visit) => void;
  empty: React.ReactNode;
}

/** The waiting list on a desktop screen. */
export function WaitingTable({ visits, loading, minutesOf, onOpen, empty }: WaitingTableProps) {
  const { t } = useTranslation();
  const columns: TableColumnsType<Visit> = [
    {
      title: t('pages.reception.waiting.customer'),
      key: 'customer',
      render: (_, visit) => (
        <Flex vertical>
          <Typography.Text strong>{visit.customer.name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {visit.customer.phone}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('pages.reception.waiting.kind'),
      dataIndex: 'kind',
      key: 'kind',
      render: (kind: Visit['kind']) => <VisitKindTag kind={kind} />,
    },
    {
      title: t('common.status'),
      dataIndex: 'status',
      key: 'status',
      render: (status: Visit['status']) => <VisitStatusTag status={status} />,
    },
    {
      title: t('pages.reception.waiting.arrived'),
      dataIndex: 'arrived_at',
      key: 'arrived_at',
      render: (value: string) => formatDateTime(value, 'HH:mm'),
    },
    {
      title: t('pages.reception.waiting.waitedColumn'),
      key: 'waited',
      render: (_, visit) => <WaitedMinutes minutes={minutesOf(visit)} waiting={visit.status === 'waiting'} />,
    },
    {
      title: t('pages.reception.waiting.consultant'),
      key: 'consultant',
      render: (_, visit) =>
        visit.consultant?.name ??
        (visit.owning_consultant ? (
          <Typography.Text type="secondary">
            {t('pages.reception.waiting.ownerIs', { name: visit.owning_consultant.name })}
          </Typography.Text>
        ) : null),
    },
    { title: t('pages.reception.waiting.doctor'), key: 'doctor', render: (_, visit) => visit.doctor?.name },
    {
      title: t('pages.reception.waiting.purpose'),
      dataIndex: 'purpose',
      key: 'purpose',
      ellipsis: true,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, visit) => <VisitActions visit={visit} onOpen={onOpen} />,
    },
  ];
  return (
    <Table<Visit>
      rowKey="id"
      columns={columns}
      dataSource={visits}
      loading={loading}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: empty }}
      data-testid="waiting-table"
    />
  );
}
