import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Empty, Flex, Result, Segmented, Select, Skeleton, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import { PageContainer } from '../../../components/PageContainer';
import { useLayoutMode } from '../../../layouts/useLayoutMode';
import { useAccess } from '../../../session/useMe';
import { formatDateTime } from '../../../utils/time';
import { readId } from '../shared/consultationLink';
import { useReceptionLabels } from '../shared/labels';
import { useNow } from '../shared/useNow';
import { listWaiting, OPEN_STATUSES, visitKeys, type Visit, type VisitStatus } from '../shared/visitService';
import { liveWaitedMinutes } from '../shared/waitedMinutes';
import { CancelVisitModal } from './components/CancelVisitModal';
import { CheckInDrawer } from './components/CheckInDrawer';
import { TriageModal } from './components/TriageModal';
import { WaitingCards } from './components/WaitingCards';
import { WaitingTable } from './components/WaitingTable';
import type { VisitDialog } from './components/VisitActions';

/** The front desk leaves this page open all day: it refreshes itself and whenever the iPad wakes up. */
const REFRESH_MS = 15_000;

type Filter = 'all' | VisitStatus;
type Dialog = { kind: VisitDialog; visit: Visit } | null;

export default function WaitingListPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const labels = useReceptionLabels();
  const mode = useLayoutMode();
  const now = useNow();
  const [params, setParams] = useSearchParams();
  const [filter, setFilter] = useState<Filter>('all');
  const [dialog, setDialog] = useState<Dialog>(null);
  const [checkInOpen, setCheckInOpen] = useState(false);
  const presetCustomerId = readId(params.get('checkin'));

  const query = useQuery({
    queryKey: visitKeys.waiting,
    queryFn: listWaiting,
    refetchInterval: REFRESH_MS,
    refetchOnWindowFocus: true,
    staleTime: 0,
  });
  const visits = useMemo(() => query.data ?? [], [query.data]);
  const counts = useMemo(() => {
    const byStatus = new Map<VisitStatus, number>();
    for (const visit of visits) byStatus.set(visit.status, (byStatus.get(visit.status) ?? 0) + 1);
    return byStatus;
  }, [visits]);
  const shown = filter === 'all' ? visits : visits.filter((visit) => visit.status === filter);
  const minutesOf = (visit: Visit) => liveWaitedMinutes(visit, query.dataUpdatedAt, now);
  const openDialog = (kind: VisitDialog, visit: Visit) => setDialog({ kind, visit });

  const drawerOpen = access.canAddVisit && (checkInOpen || presetCustomerId !== null);
  const closeDrawer = () => {
    setCheckInOpen(false);
    if (params.has('checkin')) {
      const next = new URLSearchParams(params);
      next.delete('checkin');
      setParams(next, { replace: true });
    }
  };

  const empty = (
    <Empty
      description={t(filter === 'all' ? 'pages.reception.waiting.empty' : 'pages.reception.waiting.emptyFiltered')}
      data-testid="waiting-empty"
    >
      {access.canAddVisit && filter === 'all' && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCheckInOpen(true)}>
          {t('pages.reception.waiting.checkIn')}
        </Button>
      )}
    </Empty>
  );

  let content;
  if (query.isPending) {
    content = <Skeleton active paragraph={{ rows: 6 }} />;
  } else if (query.isError && visits.length === 0) {
    content = (
      <Result
        status="warning"
        title={t('pages.reception.waiting.loadFailed')}
        extra={<Button onClick={() => void query.refetch()}>{t('common.retry')}</Button>}
      />
    );
  } else if (mode === 'desktop') {
    content = (
      <WaitingTable visits={shown} loading={false} minutesOf={minutesOf} onOpen={openDialog} empty={empty} />
    );
  } else {
    content = shown.length > 0 ? <WaitingCards visits={shown} minutesOf={minutesOf} onOpen={openDialog} /> : empty;
  }

  const filterOptions = [
    { value: 'all' as Filter, label: t('pages.reception.waiting.filter.all', { count: visits.length }) },
    ...OPEN_STATUSES.map((status) => ({
      value: status as Filter,
      label: `${labels.visitStatus(status)} ${counts.get(status) ?? 0}`,
    })),
  ];

  return (
    <PageContainer
      title={t('menu.reception.waiting')}
      extra={
        access.canAddVisit && (
          <Button
            type="primary"
            size="large"
            icon={<PlusOutlined />}
            onClick={() => setCheckInOpen(true)}
            data-testid="checkin-open"
          >
            {t('pages.reception.waiting.checkIn')}
          </Button>
        )
      }
    >
      <Flex vertical gap={12}>
        <Flex justify="space-between" align="center" wrap gap={8}>
          {mode === 'phone' ? (
            <Select<Filter> value={filter} onChange={setFilter} options={filterOptions} style={{ minWidth: 150 }} />
          ) : (
            <Segmented<Filter> value={filter} onChange={setFilter} options={filterOptions} />
          )}
          <Flex align="center" gap={4}>
            {query.dataUpdatedAt > 0 && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('pages.reception.waiting.updatedAt', {
                  time: formatDateTime(new Date(query.dataUpdatedAt).toISOString(), 'HH:mm:ss'),
                })}
              </Typography.Text>
            )}
            <Button
              type="text"
              size="small"
              icon={<ReloadOutlined spin={query.isFetching} />}
              aria-label={t('pages.reception.waiting.refresh')}
              onClick={() => void query.refetch()}
            />
          </Flex>
        </Flex>
        {content}
      </Flex>
      {drawerOpen && <CheckInDrawer presetCustomerId={presetCustomerId} onClose={closeDrawer} />}
      {dialog?.kind === 'triage' && <TriageModal visit={dialog.visit} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'cancel' && <CancelVisitModal visit={dialog.visit} onClose={() => setDialog(null)} />}
    </PageContainer>
  );
}
