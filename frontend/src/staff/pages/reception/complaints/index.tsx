import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Flex, Input, Segmented, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { CreateButton } from '../../../components/CrudButtons';
import { PageContainer } from '../../../components/PageContainer';
import { useLayoutMode } from '../../../layouts/useLayoutMode';
import { useAccess } from '../../../session/useMe';
import { FIRST_PAGE, serverPagination, type PageState } from '../../../utils/pagination';
import { COMPLAINT_STATUSES, useReceptionLabels, type ComplaintStatus } from '../shared/labels';
import { ComplaintFormModal } from './components/ComplaintFormModal';
import { ComplaintList } from './components/ComplaintList';
import { HandleComplaintModal } from './components/HandleComplaintModal';
import { complaintKeys, listComplaints, type Complaint, type ComplaintQuery } from './service';

/** Complaints still to deal with come first: the page opens on open and in-progress ones. */
type StatusFilter = 'active' | 'all' | ComplaintStatus;
const ACTIVE: ComplaintStatus[] = ['open', 'processing'];

function statusQuery(filter: StatusFilter): ComplaintStatus[] | undefined {
  if (filter === 'all') return undefined;
  return filter === 'active' ? ACTIVE : [filter];
}

type Dialog = { kind: 'create' } | { kind: 'handle'; complaint: Complaint } | null;

export default function ComplaintsPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const labels = useReceptionLabels();
  const mode = useLayoutMode();
  const [filter, setFilter] = useState<StatusFilter>('active');
  const [search, setSearch] = useState('');
  const [pageState, setPageState] = useState<PageState>(FIRST_PAGE);
  const [dialog, setDialog] = useState<Dialog>(null);
  const query: ComplaintQuery = { status: statusQuery(filter), search: search || undefined, ...pageState };
  const { data, isFetching } = useQuery({
    queryKey: complaintKeys.list(query),
    queryFn: () => listComplaints(query),
    placeholderData: keepPreviousData,
  });

  const filterOptions = [
    { value: 'active' as StatusFilter, label: t('pages.reception.complaints.filter.active') },
    ...COMPLAINT_STATUSES.map((status) => ({ value: status as StatusFilter, label: labels.complaintStatus(status) })),
    { value: 'all' as StatusFilter, label: t('pages.reception.complaints.filter.all') },
  ];
  const changeFilter = (next: StatusFilter) => {
    setFilter(next);
    setPageState((previous) => ({ ...previous, page: 1 }));
  };

  return (
    <PageContainer
      title={t('menu.reception.complaints')}
      extra={
        access.canAddComplaint && (
          <CreateButton onClick={() => setDialog({ kind: 'create' })}>{t('pages.reception.complaints.create')}</CreateButton>
        )
      }
    >
      <Flex vertical gap={12}>
        <Flex wrap gap={8} justify="space-between">
          {mode === 'phone' ? (
            <Select<StatusFilter> value={filter} onChange={changeFilter} options={filterOptions} style={{ width: 140 }} />
          ) : (
            <Segmented<StatusFilter> value={filter} onChange={changeFilter} options={filterOptions} />
          )}
          <Input.Search
            allowClear
            placeholder={t('pages.reception.complaints.search')}
            onSearch={(value) => {
              setSearch(value.trim());
              setPageState((previous) => ({ ...previous, page: 1 }));
            }}
            style={{ width: mode === 'phone' ? 'calc(100% - 148px)' : 280, maxWidth: '100%' }}
          />
        </Flex>
        <ComplaintList
          complaints={data?.results ?? []}
          loading={isFetching}
          pagination={serverPagination(pageState, data?.count ?? 0, setPageState, t)}
          cards={mode !== 'desktop'}
          onHandle={(complaint) => setDialog({ kind: 'handle', complaint })}
        />
      </Flex>
      {dialog?.kind === 'create' && <ComplaintFormModal onClose={() => setDialog(null)} />}
      {dialog?.kind === 'handle' && <HandleComplaintModal complaint={dialog.complaint} onClose={() => setDialog(null)} />}
    </PageContainer>
  );
}
