import { Button, Card, Empty, Flex, List, Table, Tag, Typography, type TableColumnsType, type TablePaginationConfig } from 'antd';
import { useTranslation } from 'react-i18next';

import { useAccess } from '../../../../session/useMe';
import { formatDateTime } from '../../../../utils/time';
import { ComplaintStatusTag, useReceptionLabels } from '../../shared/labels';
import type { Complaint } from '../service';

interface ComplaintListProps {
  complaints: Complaint[];
  loading: boolean;
  pagination: TablePaginationConfig;
  cards: boolean;
  onHandle: (complaint: Complaint) => void;
}

/** Complaints as a table on a desktop and as cards on an iPad or a phone. */
export function ComplaintList({ complaints, loading, pagination, cards, onHandle }: ComplaintListProps) {
  const { t } = useTranslation();
  const access = useAccess();
  const labels = useReceptionLabels();
  const canHandle = (complaint: Complaint) => access.canHandleComplaint && complaint.status !== 'closed';
  const handleButton = (complaint: Complaint, type: 'link' | 'default') =>
    canHandle(complaint) && (
      <Button type={type} size={type === 'link' ? 'small' : 'middle'} onClick={() => onHandle(complaint)} data-testid={`handle-${complaint.id}`}>
        {t('pages.reception.complaints.handle')}
      </Button>
    );
  const empty = <Empty description={t('pages.reception.complaints.empty')} />;

  if (cards) {
    return (
      <List<Complaint>
        dataSource={complaints}
        loading={loading}
        pagination={
          complaints.length > 0 && {
            current: pagination.current,
            pageSize: pagination.pageSize,
            total: pagination.total,
            onChange: pagination.onChange,
            size: 'small',
            align: 'center',
          }
        }
        locale={{ emptyText: empty }}
        renderItem={(complaint) => (
          <List.Item style={{ padding: '6px 0', border: 'none' }}>
            <Card size="small" style={{ width: '100%' }} data-testid={`complaint-card-${complaint.id}`}>
              <Flex vertical gap={6}>
                <Flex justify="space-between" align="center" gap={8}>
                  <Flex align="center" gap={6} wrap>
                    <Typography.Text strong style={{ fontSize: 16 }}>
                      {complaint.customer.name}
                    </Typography.Text>
                    <Tag style={{ marginInlineEnd: 0 }}>{labels.complaintCategory(complaint.category)}</Tag>
                  </Flex>
                  <ComplaintStatusTag status={complaint.status} />
                </Flex>
                <Typography.Paragraph ellipsis={{ rows: 3, expandable: 'collapsible' }} style={{ margin: 0, whiteSpace: 'pre-line' }}>
                  {complaint.content}
                </Typography.Paragraph>
                {complaint.resolution && (
                  <Typography.Paragraph type="success" ellipsis={{ rows: 2, expandable: 'collapsible' }} style={{ margin: 0 }}>
                    {t('pages.reception.complaints.resolutionIs', { text: complaint.resolution })}
                  </Typography.Paragraph>
                )}
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {[
                    formatDateTime(complaint.received_at),
                    labels.complaintChannel(complaint.channel),
                    complaint.customer.phone,
                    complaint.handler
                      ? t('pages.reception.complaints.handlerIs', { name: complaint.handler.name })
                      : t('pages.reception.complaints.noHandler'),
                  ].join(' · ')}
                </Typography.Text>
                {canHandle(complaint) && <Flex>{handleButton(complaint, 'default')}</Flex>}
              </Flex>
            </Card>
          </List.Item>
        )}
      />
    );
  }

  const columns: TableColumnsType<Complaint> = [
    {
      title: t('pages.reception.complaints.receivedAt'),
      dataIndex: 'received_at',
      key: 'received_at',
      render: (value: string) => formatDateTime(value),
    },
    {
      title: t('pages.reception.complaints.customer'),
      key: 'customer',
      render: (_, complaint) => (
        <Flex vertical>
          <span>{complaint.customer.name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {complaint.customer.phone}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('pages.reception.complaints.category'),
      dataIndex: 'category',
      key: 'category',
      render: (value: Complaint['category']) => labels.complaintCategory(value),
    },
    {
      title: t('pages.reception.complaints.channel'),
      dataIndex: 'channel',
      key: 'channel',
      render: (value: Complaint['channel']) => labels.complaintChannel(value),
    },
    {
      title: t('pages.reception.complaints.content'),
      dataIndex: 'content',
      key: 'content',
      render: (value: string, complaint) => (
        <Flex vertical gap={2} style={{ maxWidth: 360 }}>
          <Typography.Paragraph ellipsis={{ rows: 2, tooltip: value }} style={{ margin: 0 }}>
            {value}
          </Typography.Paragraph>
          {complaint.resolution && (
            <Typography.Text type="success" ellipsis={{ tooltip: complaint.resolution }} style={{ fontSize: 12 }}>
              {t('pages.reception.complaints.resolutionIs', { text: complaint.resolution })}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      title: t('pages.reception.complaints.handler'),
      key: 'handler',
      render: (_, complaint) => complaint.handler?.name,
    },
    {
      title: t('pages.reception.complaints.status'),
      dataIndex: 'status',
      key: 'status',
      render: (value: Complaint['status']) => <ComplaintStatusTag status={value} />,
    },
  ];
  if (access.canHandleComplaint) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, complaint) => handleButton(complaint, 'link'),
    });
  }
  return (
    <Table<Complaint>
      rowKey="id"
      columns={columns}
      dataSource={complaints}
      loading={loading}
      pagination={pagination}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: empty }}
      data-testid="complaints-table"
    />
  );
}
