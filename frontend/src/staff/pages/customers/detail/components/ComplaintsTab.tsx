import { Flex, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';

import { formatDateTime } from '../../../../utils/time';
import { ComplaintStatusTag, useReceptionLabels } from '../../../reception/shared/labels';
import { listComplaints, type Complaint } from '../records';
import { RecordTab } from './RecordTab';
import type { TabContentProps } from './tabs';

export function ComplaintsTab({ customerId }: TabContentProps) {
  const { t } = useTranslation();
  const labels = useReceptionLabels();
  const columns: TableColumnsType<Complaint> = [
    { title: t('pages.customers.complaints.receivedAt'), key: 'received_at', render: (_, row) => formatDateTime(row.received_at) },
    { title: t('pages.customers.complaints.category'), key: 'category', render: (_, row) => labels.complaintCategory(row.category) },
    { title: t('pages.customers.complaints.channel'), key: 'channel', render: (_, row) => labels.complaintChannel(row.channel) },
    { title: t('pages.customers.complaints.content'), dataIndex: 'content', key: 'content', ellipsis: true, width: 260 },
    { title: t('pages.customers.complaints.handler'), key: 'handler', render: (_, row) => row.handler?.name },
    { title: t('pages.customers.complaints.status'), key: 'status', render: (_, row) => <ComplaintStatusTag status={row.status} /> },
    { title: t('pages.customers.complaints.resolution'), dataIndex: 'resolution', key: 'resolution', ellipsis: true, width: 220 },
  ];
  return (
    <RecordTab<Complaint>
      kind="complaints"
      customerId={customerId}
      fetchPage={listComplaints}
      columns={columns}
      renderCard={(row) => (
        <Flex vertical gap={4}>
          <Flex gap={6} align="center" wrap>
            <Typography.Text strong>{formatDateTime(row.received_at)}</Typography.Text>
            <ComplaintStatusTag status={row.status} />
          </Flex>
          <Typography.Text type="secondary">
            {[labels.complaintCategory(row.category), labels.complaintChannel(row.channel), row.handler?.name].filter(Boolean).join(' · ')}
          </Typography.Text>
          <Typography.Paragraph ellipsis={{ rows: 3, expandable: true, symbol: t('common.more') }} style={{ margin: 0 }}>
            {row.content}
          </Typography.Paragraph>
          {row.resolution && (
            <Typography.Text type="secondary">
              {t('pages.customers.complaints.resolution')}：{row.resolution}
            </Typography.Text>
          )}
        </Flex>
      )}
    />
  );
}
