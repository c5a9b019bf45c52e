import { FilterOutlined, LeftOutlined, PlusOutlined, ReloadOutlined, RightOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Badge, Button, DatePicker, Flex, Result, Segmented, Select, Skeleton, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router';

import { PageContainer } from '../../../components/PageContainer';
import { useLayoutMode } from '../../../layouts/useLayoutMode';
import { useAccess } from '../../../session/useMe';
import { CLINIC_TIME_ZONE, clinicNow } from '../../../utils/time';
import { getCustomer } from '../../customers/shared/service';
import { AppointmentDrawer } from '../components/AppointmentDrawer';
import { BookingDrawer } from '../components/BookingDrawer';
import type { BookingPrefill } from '../components/bookingForm';
import { ItemSelect } from '../components/ItemSelect';
import { useAppointmentLabels } from '../components/labels';
import { firstAppointmentPage } from '../navigation';
import { appointmentKeys, getCalendar, useAppointmentSettings, useBookableStaff, useDepartmentOptions, type AppointmentStatus, type CalendarQuery } from '../service';
import { APPOINTMENT_STATUSES, hourOf, rangeStart } from './calendarModel';
import { AgendaList } from './components/AgendaList';
import { Legend } from './components/Legend';
import { ResourceCalendar, type SlotPick } from './components/ResourceCalendar';

const DATE = 'YYYY-MM-DD';
/** The calendar follows bookings made at other desks without a reload. */
const REFRESH_MS = 60_000;

interface Filters {
  orgUnit?: number;
  staff: number[];
  item?: number;
  statuses: AppointmentStatus[];
}

/** 预约日历: the day or week by staff (or rooms and devices); an agenda for the day on a phone. */
export default function AppointmentCalendarPage() {
  const access = useAccess();
  if (!access.canViewAppointment) return <Navigate to={firstAppointmentPage(access)} replace />;
  return <CalendarScreen />;
}

function CalendarScreen() {
  const { t } = useTranslation();
  const access = useAccess();
  const labels = useAppointmentLabels();
  const mode = useLayoutMode();
  const phone = mode === 'phone';
  const [params, setParams] = useSearchParams();
  const today = clinicNow().format(DATE);
  const date = dayjs(params.get('date') ?? '', DATE, true).isValid() ? params.get('date')! : today;
  const days: 1 | 7 = !phone && params.get('view') === 'week' ? 7 : 1;
  const group = params.get('group') === 'resource' ? 'resource' : 'staff';
  const openAppointment = Number(params.get('appointment')) || null;
  const [filters, setFilters] = useState<Filters>({ staff: [], statuses: [] });
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [booking, setBooking] = useState<BookingPrefill | null>(null);
  const settings = useAppointmentSettings();
  const staff = useBookableStaff();
  const presetCustomer = Number(params.get('customer')) || null;
  const customer = useQuery({
    queryKey: ['customers', 'detail', presetCustomer ?? 0],
    queryFn: () => getCustomer(presetCustomer!),
    enabled: presetCustomer !== null && params.get('new') === '1',
  });

  const setParam = (changes: Record<string, string | null>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [name, value] of Object.entries(changes)) {
          if (value === null) next.delete(name);
          else next.set(name, value);
        }
        return next;
      },
      { replace: true },
    );

  const query: CalendarQuery = {
    date: rangeStart(date, days),
    days,
    group,
    ...(filters.orgUnit ? { org_unit: filters.orgUnit } : {}),
    ...(filters.staff.length ? { staff: filters.staff } : {}),
    ...(filters.item ? { item: filters.item } : {}),
    ...(filters.statuses.length ? { status: filters.statuses } : {}),
  };
  const calendar = useQuery({
    queryKey: appointmentKeys.calendar(query),
    queryFn: () => getCalendar(query),
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
    refetchOnWindowFocus: true,
  });

  const shift = (step: number) => setParam({ date: dayjs(date).add(step * days, 'day').format(DATE) });
  const staffOptions = useMemo(() => staff.data ?? [], [staff.data]);
  const departments = useDepartmentOptions(staffOptions);
  const activeFilters = [filters.orgUnit, filters.staff.length, filters.item, filters.statuses.length].filter(Boolean).length;
  const canBook = access.canAddAppointment;
  const dayHours: [number, number] = [hourOf(settings.data?.day_start, 8), hourOf(settings.data?.day_end, 21, true)];

  // The 360° view's "新建预约" opens the drawer for its customer once the name is known.
  const presetPrefill: BookingPrefill | null =
    params.get('new') === '1' && canBook && (!presetCustomer || customer.data)
      ? { customer: customer.data ? { id: customer.data.id, name: customer.data.name } : undefined }
      : null;
  const bookingPrefill = booking ?? presetPrefill;
  const closeBooking = () => {
    setBooking(null);
    if (params.get('new')) setParam({ new: null, customer: null });
  };
  const pickSlot = (slot: SlotPick) => setBooking({ start: slot.start, end: slot.end, staff: slot.staff, resource: slot.resource });

  const filterControls = (
    <Flex gap={8} wrap data-testid="calendar-filters">
      {departments.length > 1 && (
        <Select
          allowClear
          placeholder={t('pages.appointments.filter.orgUnit')}
          value={filters.orgUnit}
          onChange={(orgUnit) => setFilters({ ...filters, orgUnit })}
          options={departments}
          style={{ width: phone ? '100%' : 160 }}
          data-testid="calendar-filter-org-unit"
        />
      )}
      {!phone && (
        <Select
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          placeholder={t('pages.appointments.filter.staff')}
          value={filters.staff}
          onChange={(next) => setFilters({ ...filters, staff: next })}
          showSearch={{ optionFilterProp: 'label' }}
          options={staffOptions.map((member) => ({ value: member.id, label: member.name }))}
          style={{ width: 200 }}
          data-testid="calendar-filter-staff"
        />
      )}
      <ItemSelect
        value={filters.item ?? null}
        onChange={(item) => setFilters({ ...filters, item: item ?? undefined })}
        placeholder={t('pages.appointments.filter.item')}
        style={{ width: phone ? '100%' : 180 }}
      />
      <Select
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        placeholder={t('pages.appointments.filter.status')}
        value={filters.statuses}
        onChange={(statuses) => setFilters({ ...filters, statuses })}
        options={APPOINTMENT_STATUSES.map((status) => ({ value: status, label: labels.status(status) }))}
        style={{ width: phone ? '100%' : 200 }}
        data-testid="calendar-filter-status"
      />
    </Flex>
  );

  const dateSwitcher = (
    <Space.Compact>
      <Button icon={<LeftOutlined />} onClick={() => shift(-1)} aria-label={t('pages.appointments.calendar.previous')} data-testid="calendar-prev" />
      <Button onClick={() => setParam({ date: today })} disabled={date === today && days === 1}>
        {t('pages.appointments.calendar.today')}
      </Button>
      <DatePicker
        value={dayjs(date)}
        allowClear={false}
        picker={days === 7 ? 'week' : 'date'}
        onChange={(picked) => picked && setParam({ date: picked.format(DATE) })}
        style={{ width: days === 7 ? 140 : 130 }}
        data-testid="calendar-date"
      />
      <Button icon={<RightOutlined />} onClick={() => shift(1)} aria-label={t('pages.appointments.calendar.next')} data-testid="calendar-next" />
    </Space.Compact>
  );

  return (
    <PageContainer
      title={t('menu.appointments.calendar')}
      extra={
        canBook && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setBooking({})} data-testid="new-appointment">
            {t('pages.appointments.action.new')}
          </Button>
        )
      }
    >
      <Flex vertical gap={12}>
        <Flex gap={8} wrap justify="space-between" align="center">
          <Flex gap={8} wrap align="center">
            {dateSwitcher}
            {!phone && (
              <Segmented
                value={days === 7 ? 'week' : 'day'}
                onChange={(view) => setParam({ view: view === 'week' ? 'week' : null })}
                options={[
                  { value: 'day', label: t('pages.appointments.calendar.day') },
                  { value: 'week', label: t('pages.appointments.calendar.week') },
                ]}
                data-testid="calendar-view"
              />
            )}
            {!phone && (
              <Segmented
                value={group}
                onChange={(value) => setParam({ group: value === 'resource' ? 'resource' : null })}
                options={[
                  { value: 'staff', label: t('pages.appointments.calendar.byStaff') },
                  { value: 'resource', label: t('pages.appointments.calendar.byResource') },
                ]}
                data-testid="calendar-group"
              />
            )}
          </Flex>
          <Flex gap={8} align="center">
            {mode !== 'desktop' && (
              <Badge count={activeFilters} size="small">
                <Button icon={<FilterOutlined />} onClick={() => setFiltersOpen((open) => !open)}>
                  {t('pages.appointments.filter.title')}
                </Button>
              </Badge>
            )}
            <Button
              icon={<ReloadOutlined />}
              loading={calendar.isFetching}
              onClick={() => void calendar.refetch()}
              aria-label={t('pages.appointments.calendar.refresh')}
            />
          </Flex>
        </Flex>
        {(mode === 'desktop' || filtersOpen) && filterControls}
        {phone && (
          <Typography.Text strong data-testid="agenda-date">
            {dayjs(date).format(t('pages.appointments.calendar.agendaDateFormat'))}
          </Typography.Text>
        )}
        {calendar.isPending ? (
          <Skeleton active paragraph={{ rows: 10 }} />
        ) : calendar.isError && !calendar.data ? (
          <Result status="warning" title={t('pages.appointments.calendar.loadFailed')} extra={<Button onClick={() => void calendar.refetch()}>{t('common.retry')}</Button>} />
        ) : phone ? (
          <AgendaList events={calendar.data.events} loading={calendar.isFetching} onOpen={(id) => setParam({ appointment: String(id) })} />
        ) : (
          <>
            {calendar.data.resources.length === 0 && (
              <Typography.Text type="secondary" data-testid="calendar-no-columns">
                {t(group === 'staff' ? 'pages.appointments.calendar.noStaff' : 'pages.appointments.calendar.noResources')}
              </Typography.Text>
            )}
            <ResourceCalendar
              data={calendar.data}
              date={rangeStart(date, days)}
              days={days}
              group={group}
              slotMinutes={settings.data?.slot_minutes ?? 15}
              dayHours={dayHours}
              scrollHour={date === today ? Math.max(dayHours[0], clinicNow().hour() - 1) : dayHours[0]}
              height="max(520px, calc(100vh - 280px))"
              columnWidth={columnWidthFor(mode, days, calendar.data.resources.length)}
              canBook={canBook}
              onPickSlot={pickSlot}
              onOpenAppointment={(id) => setParam({ appointment: String(id) })}
            />
            <Legend />
          </>
        )}
      </Flex>
      {bookingPrefill && (
        <BookingDrawer
          prefill={bookingPrefill}
          staffOptions={staffOptions}
          onClose={closeBooking}
          onSaved={(saved) => {
            closeBooking();
            const first = saved.lines[0]?.start;
            if (first) setParam({ date: dayjs(first).tz(CLINIC_TIME_ZONE).format(DATE), new: null, customer: null });
          }}
        />
      )}
      <AppointmentDrawer appointmentId={openAppointment} onClose={() => setParam({ appointment: null })} />
    </PageContainer>
  );
}

/** Columns narrower than this squeeze names and bookings: scroll sideways instead. */
function columnWidthFor(mode: 'phone' | 'tablet' | 'desktop', days: 1 | 7, columns: number): string | undefined {
  const usable = mode === 'desktop' ? 1100 : 900;
  const minimum = days === 7 ? 56 : 140;
  return columns * (days === 7 ? 7 : 1) * minimum > usable ? `${minimum}px` : undefined;
}
