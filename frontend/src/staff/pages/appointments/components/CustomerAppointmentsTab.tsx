import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Flex, Pagination, Skeleton, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

import { useLayoutMode } from '../../../layouts/useLayoutMode';
import { useAccess } from '../../../session/useMe';
import { clinicNow } from '../../../utils/time';
import { lineSubject } from '../calendar/calendarModel';
import { appointmentKeys, listAppointments, type AppointmentRow } from '../service';
import { AppointmentDrawer, timeRange } from './AppointmentDrawer';
import { AppointmentStatusTag, AppointmentTypeTag } from './labels';

const PAGE_SIZE = 10;
const DATE = 'YYYY-MM-DD';

/** 预约 tab of the 360° view: the customer's coming appointments first (soonest first), then the past ones. */
export function CustomerAppointmentsTab({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const access = useAccess();
  const navigate = useNavigate();
  const [open, setOpen] = useState<number | null>(null);
  const [page, setPage] = useState(1);
  const today = clinicNow().format(DATE);
  const yesterday = clinicNow().subtract(1, 'day').format(DATE);
  const upcoming = useQuery({
    queryKey: appointmentKeys.customer(customerId, 'upcoming', 1),
    queryFn: () => listAppointments({ customer: customerId, date_from: today, ordering: 'starts_at', page_size: 50 }),
  });
  const past = useQuery({
    queryKey: appointmentKeys.customer(customerId, 'past', page),
    queryFn: () => listAppointments({ customer: customerId, date_to: yesterday, ordering: '-starts_at', page, page_size: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });

  return (
    <Flex vertical gap={16} data-testid="customer-appointments">
      {access.canAddAppointment && (
        <Flex justify="flex-end">
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate(`/appointments/calendar?new=1&customer=${customerId}`)} data-testid="customer-new-appointment">
            {t('pages.appointments.action.new')}
          </Button>
        </Flex>
      )}
      <section>
        <Typography.Title level={5}>{t('pages.appointments.customer.upcoming')}</Typography.Title>
        {upcoming.isPending ? (
          <Skeleton active paragraph={{ rows: 2 }} />
        ) : (
          <AppointmentRows rows={upcoming.data?.results ?? []} loading={upcoming.isFetching} onOpen={setOpen} testId="customer-appointments-upcoming" />
        )}
      </section>
      <section>
        <Typography.Title level={5}>{t('pages.appointments.customer.past')}</Typography.Title>
        {past.isPending ? (
          <Skeleton active paragraph={{ rows: 2 }} />
        ) : (
          <>
            <AppointmentRows rows={past.data?.results ?? []} loading={past.isFetching} onOpen={setOpen} testId="customer-appointments-past" />
            {(past.data?.count ?? 0) > PAGE_SIZE && (
              <Pagination align="end" size="small" current={page} pageSize={PAGE_SIZE} total={past.data?.count ?? 0} onChange={setPage} showSizeChanger={false} style={{ marginTop: 8 }} />
            )}
          </>
        )}
      </section>
      <AppointmentDrawer appointmentId={open} onClose={() => setOpen(null)} />
    </Flex>
  );
}

function AppointmentRows({ rows, loading, onOpen, testId }: { rows: AppointmentRow[]; loading: boolean; onOpen: (id: number) => void; testId: string }) {
  const { t } = useTranslation();
  const phone = useLayoutMode() === 'phone';
  const when = (row: AppointmentRow) => (row.lines[0] ? timeRange(row.lines[0].start, row.lines[row.lines.length - 1].end) : '');
  const what = (row: AppointmentRow) => row.lines.map((line) => `${lineSubject(line) || '—'}（${line.staff.name}）`).join('、');
  if (rows.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pages.appointments.customer.none')} />;
  if (phone) {
    return (
      <Flex vertical gap={8} data-testid={testId}>
        {rows.map((row) => (
          <Card key={row.id} size="small" hoverable onClick={() => onOpen(row.id)}>
            <Flex justify="space-between" gap={8}>
              <Typography.Text strong>{when(row)}</Typography.Text>
              <AppointmentStatusTag status={row.status} />
            </Flex>
            <Typography.Text type="secondary">{what(row)}</Typography.Text>
          </Card>
        ))}
      </Flex>
    );
  }
  const columns: TableColumnsType<AppointmentRow> = [
    { title: t('pages.appointments.field.time'), key: 'time', render: (_, row) => when(row) },
    { title: t('pages.appointments.field.type'), key: 'type', render: (_, row) => <AppointmentTypeTag type={row.type} /> },
    { title: t('pages.appointments.field.items'), key: 'items', render: (_, row) => what(row) },
    { title: t('common.status'), key: 'status', render: (_, row) => <AppointmentStatusTag status={row.status} /> },
    { title: t('pages.appointments.field.number'), dataIndex: 'number', key: 'number' },
  ];
  return (
    <Table<AppointmentRow>
      rowKey="id"
      size="small"
      loading={loading}
      columns={columns}
      dataSource={rows}
      pagination={false}
      scroll={{ x: 'max-content' }}
      onRow={(row) => ({ onClick: () => onOpen(row.id), style: { cursor: 'pointer' } })}
      data-testid={testId}
    />
  );
}
