import { Flex, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';

import { formatDateTime } from '../../../../utils/time';
import { VisitKindTag, VisitStatusTag } from '../../../reception/shared/labels';
import { listVisits, type Visit } from '../records';
import { RecordTab } from './RecordTab';
import type { TabContentProps } from './tabs';

export function VisitsTab({ customerId }: TabContentProps) {
  const { t } = useTranslation();
  const triage = (visit: Visit) => (visit.triage_target ? t(`pages.customers.visits.triage.${visit.triage_target}`) : '');
  const staff = (visit: Visit) => [visit.consultant?.name, visit.doctor?.name].filter(Boolean).join(' / ');
  const columns: TableColumnsType<Visit> = [
    { title: t('pages.customers.visits.arrivedAt'), key: 'arrived_at', render: (_, visit) => formatDateTime(visit.arrived_at) },
    { title: t('pages.customers.visits.kind'), key: 'kind', render: (_, visit) => <VisitKindTag kind={visit.kind} /> },
    { title: t('pages.customers.visits.status'), key: 'status', render: (_, visit) => <VisitStatusTag status={visit.status} /> },
    { title: t('pages.customers.visits.purpose'), dataIndex: 'purpose', key: 'purpose', ellipsis: true, width: 200 },
    { title: t('pages.customers.visits.triage'), key: 'triage', render: (_, visit) => triage(visit) },
    { title: t('pages.customers.visits.consultant'), key: 'consultant', render: (_, visit) => visit.consultant?.name },
    { title: t('pages.customers.visits.doctor'), key: 'doctor', render: (_, visit) => visit.doctor?.name },
    { title: t('pages.customers.visits.leftAt'), key: 'left_at', render: (_, visit) => formatDateTime(visit.left_at, 'HH:mm') },
    {
      title: t('pages.customers.visits.deal'),
      key: 'has_deal',
      render: (_, visit) => visit.has_deal && <Tag color="success">{t('pages.customers.visits.deal')}</Tag>,
    },
    { title: t('pages.customers.visits.note'), dataIndex: 'note', key: 'note', ellipsis: true, width: 200 },
  ];
  return (
    <RecordTab<Visit>
      kind="visits"
      customerId={customerId}
      fetchPage={listVisits}
      columns={columns}
      renderCard={(visit) => (
        <Flex vertical gap={4}>
          <Flex gap={6} align="center" wrap>
            <Typography.Text strong>{formatDateTime(visit.arrived_at)}</Typography.Text>
            <VisitKindTag kind={visit.kind} />
            <VisitStatusTag status={visit.status} />
            {visit.has_deal && <Tag color="success">{t('pages.customers.visits.deal')}</Tag>}
          </Flex>
          {(triage(visit) || staff(visit)) && (
            <Typography.Text type="secondary">{[triage(visit), staff(visit)].filter(Boolean).join(' · ')}</Typography.Text>
          )}
          {visit.purpose && <Typography.Text>{visit.purpose}</Typography.Text>}
        </Flex>
      )}
    />
  );
}
