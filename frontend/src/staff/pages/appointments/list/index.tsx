import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Empty, Flex, Input, Pagination, Select, Spin, Table, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';

import { PageContainer } from '../../../components/PageContainer';
import { usePageState } from '../../../hooks/usePageState';
import { useLayoutMode } from '../../../layouts/useLayoutMode';
import { useAccess } from '../../../session/useMe';
import { serverPagination } from '../../../utils/pagination';
import { withParams } from '../../../utils/queryParams';
import { clinicNow, formatDateTime } from '../../../utils/time';
import { saveBlob } from '../../audit/logs/components/download';
import { APPOINTMENT_STATUSES, APPOINTMENT_TYPES, lineSubject } from '../calendar/calendarModel';
import { AppointmentDrawer } from '../components/AppointmentDrawer';
import { AppointmentStatusTag, AppointmentTypeTag, useAppointmentLabels } from '../components/labels';
import { appointmentKeys, exportAppointments, listAppointments, useBookableStaff, type AppointmentRow, type AppointmentQuery } from '../service';
import { readListFilters, toAppointmentQuery, writeListFilters, type AppointmentListFilters } from './listState';

/** When a booking is: its first line's start to its last line's end. */
function bookingTime(appointment: AppointmentRow): string {
  const starts = appointment.lines.map((line) => line.start).sort();
  const ends = appointment.lines.map((line) => line.end).sort();
  if (!starts.length) return '';
  const from = formatDateTime(starts[0]);
  const to = formatDateTime(ends[ends.length - 1]);
  return from.slice(0, 10) === to.slice(0, 10) ? `${from}–${to.slice(11)}` : `${from} – ${to}`;
}

const subjects = (appointment: AppointmentRow) =>
  appointment.lines.map((line) => lineSubject(line)).filter(Boolean).join('、');
const staffNames = (appointment: AppointmentRow) => [...new Set(appointment.lines.map((line) => line.staff.name))].join('、');

/**
 * 预约列表: every appointment the user may see, searched and filtered, with an Excel export. The filters (not the
 * search box) live in the address bar: the workbench's figures link here with theirs. `?appointment=<id>` opens one.
 */
export default function AppointmentListPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const labels = useAppointmentLabels();
  const navigate = useNavigate();
  const phone = useLayoutMode() === 'phone';
  const [params, setParams] = useSearchParams();
  const today = clinicNow().format('YYYY-MM-DD');
  const filters = useMemo(() => readListFilters(params, today), [params, today]);
  const [search, setSearch] = useState('');
  const staff = useBookableStaff();
  const openId = Number(params.get('appointment')) || null;

  const update = (next: Partial<AppointmentListFilters>) =>
    setParams((current) => withParams(current, writeListFilters({ ...filters, ...next }, today)), { replace: true });
  const filterQuery = toAppointmentQuery(filters, search);
  const [page, setPage] = usePageState(JSON.stringify(filterQuery));
  const query: AppointmentQuery = { ...filterQuery, ...page };
  const list = useQuery({ queryKey: appointmentKeys.list(query), queryFn: () => listAppointments(query), placeholderData: keepPreviousData });
  const download = useMutation({
    mutationFn: () => exportAppointments(filterQuery),
    onSuccess: (blob) => saveBlob(blob, `appointments-${clinicNow().format('YYYYMMDD-HHmmss')}.xlsx`),
  });
  const open = (id: number | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (id) next.set('appointment', String(id));
        else next.delete('appointment');
        return next;
      },
      { replace: true },
    );

  const rows = list.data?.results ?? [];
  const pagination = serverPagination(page, list.data?.count ?? 0, setPage, t, list.data?.count_capped);
  const columns: TableColumnsType<AppointmentRow> = [
    { title: t('pages.appointments.field.time'), key: 'time', render: (_, row) => bookingTime(row) },
    {
      title: t('pages.appointments.field.customer'),
      key: 'customer',
      render: (_, row) => (
        <span>
          {row.customer.name}
          <Typography.Text type="secondary" style={{ marginInlineStart: 6 }}>
            {row.customer.phone}
          </Typography.Text>
        </span>
      ),
    },
    { title: t('pages.appointments.field.items'), key: 'items', render: (_, row) => subjects(row) || '—' },
    { title: t('pages.appointments.field.staff'), key: 'staff', render: (_, row) => staffNames(row) },
    { title: t('pages.appointments.field.type'), key: 'type', render: (_, row) => <AppointmentTypeTag type={row.type} /> },
    { title: t('common.status'), key: 'status', render: (_, row) => <AppointmentStatusTag status={row.status} /> },
    { title: t('pages.appointments.field.source'), key: 'source', render: (_, row) => labels.source(row.source) || '—' },
    { title: t('pages.appointments.field.number'), dataIndex: 'number', key: 'number' },
    { title: t('pages.appointments.field.createdAt'), key: 'created', render: (_, row) => formatDateTime(row.created_at) },
  ];

  return (
    <PageContainer
      title={t('menu.appointments.list')}
      extra={
        <>
          {access.canAddAppointment && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/appointments/calendar?new=1')}>
              {t('pages.appointments.action.new')}
            </Button>
          )}
          <Button icon={<DownloadOutlined />} loading={download.isPending} onClick={() => download.mutate()} data-testid="appointments-export">
            {t('pages.appointments.list.export')}
          </Button>
        </>
      }
    >
      <Flex vertical gap={12}>
        <Flex gap={8} wrap>
          <Input.Search
            allowClear
            placeholder={t('pages.appointments.list.search')}
            onSearch={(value) => setSearch(value.trim())}
            style={{ flex: '1 1 220px', maxWidth: phone ? undefined : 320 }}
            data-testid="appointments-search"
          />
          <DatePicker.RangePicker
            value={filters.date_from || filters.date_to ? [filters.date_from ? dayjs(filters.date_from) : null, filters.date_to ? dayjs(filters.date_to) : null] : null}
            onChange={(range) => update({ date_from: range?.[0]?.format('YYYY-MM-DD'), date_to: range?.[1]?.format('YYYY-MM-DD') })}
            style={{ flex: '1 1 240px', maxWidth: phone ? undefined : 280 }}
            allowEmpty={[true, true]}
          />
          <Select
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            placeholder={t('common.status')}
            value={filters.statuses}
            onChange={(statuses) => update({ statuses })}
            options={APPOINTMENT_STATUSES.map((value) => ({ value, label: labels.status(value) }))}
            style={{ flex: '1 1 160px', maxWidth: phone ? undefined : 240 }}
          />
          <Select
            allowClear
            placeholder={t('pages.appointments.field.type')}
            value={filters.type}
            onChange={(type) => update({ type })}
            options={APPOINTMENT_TYPES.map((value) => ({ value, label: labels.type(value) }))}
            style={{ flex: '1 1 120px', maxWidth: phone ? undefined : 160 }}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('pages.appointments.field.staff')}
            value={filters.staff}
            onChange={(value) => update({ staff: value })}
            options={(staff.data ?? []).map((member) => ({ value: member.id, label: member.name }))}
            style={{ flex: '1 1 140px', maxWidth: phone ? undefined : 180 }}
          />
        </Flex>
        {phone ? (
          <Spin spinning={list.isFetching}>
            <Flex vertical gap={8} data-testid="appointment-cards">
              {rows.length === 0 && !list.isFetching && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
              {rows.map((row) => (
                <Card key={row.id} size="small" hoverable onClick={() => open(row.id)} data-testid={`appointment-row-${row.number}`}>
                  <Flex justify="space-between" gap={8}>
                    <Typography.Text strong>{row.customer.name}</Typography.Text>
                    <AppointmentStatusTag status={row.status} />
                  </Flex>
                  <Typography.Text>{bookingTime(row)}</Typography.Text>
                  <br />
                  <Typography.Text type="secondary">
                    {[labels.type(row.type), subjects(row), staffNames(row)].filter(Boolean).join(' · ')}
                  </Typography.Text>
                </Card>
              ))}
              {(list.data?.count ?? 0) > page.page_size && (
                <Pagination simple align="center" current={page.page} pageSize={page.page_size} total={list.data?.count ?? 0} onChange={(next) => setPage({ ...page, page: next })} />
              )}
            </Flex>
          </Spin>
        ) : (
          <Table<AppointmentRow>
            rowKey="id"
            size="middle"
            loading={list.isFetching}
            columns={columns}
            dataSource={rows}
            pagination={pagination}
            scroll={{ x: 'max-content' }}
            onRow={(row) => ({ onClick: () => open(row.id), style: { cursor: 'pointer' }, 'data-testid': `appointment-row-${row.number}` }) as object}
            data-testid="appointment-table"
          />
        )}
      </Flex>
      <AppointmentDrawer appointmentId={openId} onClose={() => open(null)} />
    </PageContainer>
  );
}
