import { Flex, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';

import { formatDateTime } from '../../../../utils/time';
import { useReceptionLabels } from '../../../reception/shared/labels';
import { listConsultations, type Consultation } from '../records';
import { RecordTab } from './RecordTab';
import type { TabContentProps } from './tabs';

const OUTCOME_COLORS = { deal: 'success', no_deal: 'error', pending: 'default' } as const;

export function ConsultationsTab({ customerId }: TabContentProps) {
  const { t } = useTranslation();
  const labels = useReceptionLabels();
  const outcome = (row: Consultation) => (
    <Flex gap={4} wrap align="center">
      <Tag color={OUTCOME_COLORS[row.outcome]} style={{ marginInlineEnd: 0 }}>
        {labels.outcome(row.outcome)}
      </Tag>
      {row.outcome === 'no_deal' && row.no_deal_reason && (
        <Typography.Text type="secondary">{labels.noDealReason(row.no_deal_reason)}</Typography.Text>
      )}
    </Flex>
  );
  const items = (row: Consultation) =>
    row.interested_items.length > 0 && (
      <Flex gap={4} wrap>
        {row.interested_items.map((item) => (
          <Tag key={item} color="blue" style={{ marginInlineEnd: 0 }}>
            {item}
          </Tag>
        ))}
      </Flex>
    );
  const columns: TableColumnsType<Consultation> = [
    { title: t('pages.customers.consultations.consultedAt'), key: 'consulted_at', render: (_, row) => formatDateTime(row.consulted_at) },
    { title: t('pages.customers.consultations.kind'), key: 'kind', render: (_, row) => labels.consultationKind(row.kind) },
    { title: t('pages.customers.consultations.consultant'), key: 'consultant', render: (_, row) => row.consultant.name },
    { title: t('pages.customers.consultations.items'), key: 'items', render: (_, row) => items(row) },
    { title: t('pages.customers.consultations.outcome'), key: 'outcome', render: (_, row) => outcome(row) },
    { title: t('pages.customers.consultations.nextStep'), dataIndex: 'next_step', key: 'next_step', ellipsis: true, width: 200 },
    { title: t('pages.customers.consultations.nextContact'), dataIndex: 'next_contact_on', key: 'next_contact_on' },
  ];
  return (
    <RecordTab<Consultation>
      kind="consultations"
      customerId={customerId}
      fetchPage={listConsultations}
      columns={columns}
      expandable={{
        rowExpandable: (row) => Boolean(row.content || row.no_deal_note),
        expandedRowRender: (row) => (
          <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
            {[row.content, row.no_deal_note].filter(Boolean).join('\n')}
          </Typography.Paragraph>
        ),
      }}
      renderCard={(row) => (
        <Flex vertical gap={4}>
          <Flex gap={6} align="center" wrap>
            <Typography.Text strong>{formatDateTime(row.consulted_at)}</Typography.Text>
            {outcome(row)}
          </Flex>
          <Typography.Text type="secondary">
            {labels.consultationKind(row.kind)} · {row.consultant.name}
          </Typography.Text>
          {items(row)}
          {row.content && (
            <Typography.Paragraph ellipsis={{ rows: 3, expandable: true, symbol: t('common.more') }} style={{ margin: 0 }}>
              {row.content}
            </Typography.Paragraph>
          )}
          {row.next_step && (
            <Typography.Text type="secondary">
              {t('pages.customers.consultations.nextStep')}：{row.next_step}
              {row.next_contact_on ? `（${row.next_contact_on}）` : ''}
            </Typography.Text>
          )}
        </Flex>
      )}
    />
  );
}
