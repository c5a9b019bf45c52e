import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Empty, Flex, Input, Select, Space, Spin, Tag, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useAccess } from '../../../../session/useMe';
import { clinicNow } from '../../../../utils/time';
import { useAppointmentLabels } from '../../components/labels';
import {
  appointmentKeys,
  bulkSetSchedules,
  deleteSchedule,
  listSchedules,
  type Ref,
  type ScheduleEntry,
  type ScheduleKind,
  type ShiftType,
} from '../../service';
import { bulkGroups, cellKey, DATE, entriesByCell, shortTime, toggleCells, weekDays, weekStart, type CellKey } from '../scheduleGrid';

interface WeekGridProps {
  staff: Ref[];
  shiftTypes: ShiftType[];
}

/** 排班: staff × the week's days; pick cells (or a whole row or day), then set a shift, a day off or leave. */
export function WeekGrid({ staff, shiftTypes }: WeekGridProps) {
  const { t } = useTranslation();
  const access = useAccess();
  const labels = useAppointmentLabels();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [start, setStart] = useState(() => weekStart(clinicNow().format(DATE)));
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<Set<CellKey>>(new Set());
  const [shift, setShift] = useState<number | null>(null);
  const [custom, setCustom] = useState<[Dayjs, Dayjs] | null>(null);
  const days = weekDays(start);
  const query = { date_from: days[0], date_to: days[6] };
  const schedules = useQuery({ queryKey: appointmentKeys.schedules(query), queryFn: () => listSchedules(query) });
  const cells = useMemo(() => entriesByCell(schedules.data ?? []), [schedules.data]);
  const shiftById = new Map(shiftTypes.map((type) => [type.id, type]));
  const editable = access.canChangeSchedule;
  const today = clinicNow().format(DATE);

  // Staff with an entry this week appear even when the staff list does not hold them.
  const rows = useMemo(() => {
    const known = new Map(staff.map((member) => [member.id, member]));
    for (const entry of schedules.data ?? []) if (!known.has(entry.staff.id)) known.set(entry.staff.id, entry.staff);
    const term = search.trim();
    return [...known.values()].filter((member) => !term || member.name.includes(term));
  }, [staff, schedules.data, search]);

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['appointments'] });
  const apply = useMutation({
    mutationFn: async (kind: ScheduleKind) => {
      for (const group of bulkGroups(selected)) {
        await bulkSetSchedules({
          ...group,
          kind,
          ...(kind === 'work' && shift ? { shift_type: shift } : {}),
          ...(kind === 'work' && !shift && custom ? { start: custom[0].format('HH:mm'), end: custom[1].format('HH:mm') } : {}),
        });
      }
    },
    onSuccess: async () => {
      void message.success(t('common.saved'));
      setSelected(new Set());
      await refresh();
    },
    onSettled: () => void refresh(),
  });
  const clear = useMutation({
    mutationFn: async () => {
      for (const key of selected) for (const entry of cells.get(key) ?? []) await deleteSchedule(entry.id);
    },
    onSuccess: async () => {
      void message.success(t('common.deleted'));
      setSelected(new Set());
      await refresh();
    },
    onSettled: () => void refresh(),
  });

  const toggle = (keys: CellKey[]) => editable && setSelected((current) => toggleCells(current, keys));
  const entryTag = (entry: ScheduleEntry) => {
    if (entry.kind !== 'work') {
      return (
        <Tag key={entry.id} color={entry.kind === 'leave' ? 'orange' : 'default'} style={{ marginInlineEnd: 0 }}>
          {labels.scheduleKind(entry.kind)}
        </Tag>
      );
    }
    const type = entry.shift_type ? shiftById.get(entry.shift_type) : undefined;
    return (
      <Tag key={entry.id} color={type?.color || 'green'} style={{ marginInlineEnd: 0, whiteSpace: 'normal' }}>
        {type ? `${type.name} ` : ''}
        {shortTime(entry.start)}–{shortTime(entry.end)}
      </Tag>
    );
  };

  return (
    <Flex vertical gap={12}>
      <Flex gap={8} wrap justify="space-between" align="center">
        <Flex gap={8} wrap align="center">
          <Space.Compact>
            <Button icon={<LeftOutlined />} aria-label={t('pages.appointments.calendar.previous')} onClick={() => setStart(dayjs(start).subtract(7, 'day').format(DATE))} />
            <DatePicker
              picker="week"
              allowClear={false}
              value={dayjs(start)}
              onChange={(picked) => picked && setStart(weekStart(picked.format(DATE)))}
              style={{ width: 140 }}
            />
            <Button icon={<RightOutlined />} aria-label={t('pages.appointments.calendar.next')} onClick={() => setStart(dayjs(start).add(7, 'day').format(DATE))} />
          </Space.Compact>
          <Input.Search allowClear placeholder={t('pages.appointments.schedules.searchStaff')} onChange={(event) => setSearch(event.target.value)} style={{ width: 180 }} />
        </Flex>
        {editable && <Typography.Text type="secondary">{t('pages.appointments.schedules.selectHint')}</Typography.Text>}
      </Flex>

      {editable && selected.size > 0 && (
        <Flex gap={8} wrap align="center" className="appt-schedule-toolbar" data-testid="schedule-toolbar">
          <Typography.Text strong>{t('pages.appointments.schedules.selected', { count: selected.size })}</Typography.Text>
          <Select
            allowClear
            placeholder={t('pages.appointments.schedules.shift')}
            value={shift}
            onChange={(value) => setShift(value ?? null)}
            options={shiftTypes.map((type) => ({ value: type.id, label: `${type.name} ${shortTime(type.start_time)}–${shortTime(type.end_time)}` }))}
            style={{ width: 200 }}
            data-testid="schedule-shift"
          />
          {!shift && (
            <TimePicker.RangePicker
              format="HH:mm"
              minuteStep={5}
              value={custom}
              onChange={(range) => setCustom(range && range[0] && range[1] ? [range[0], range[1]] : null)}
              placeholder={[t('pages.appointments.schedules.customStart'), t('pages.appointments.schedules.customEnd')]}
              style={{ width: 200 }}
            />
          )}
          <Button type="primary" disabled={!shift && !custom} loading={apply.isPending && apply.variables === 'work'} onClick={() => apply.mutate('work')} data-testid="schedule-set-work">
            {t('pages.appointments.schedules.setWork')}
          </Button>
          <Button loading={apply.isPending && apply.variables === 'off'} onClick={() => apply.mutate('off')} data-testid="schedule-set-off">
            {t('pages.appointments.schedules.setOff')}
          </Button>
          <Button loading={apply.isPending && apply.variables === 'leave'} onClick={() => apply.mutate('leave')}>
            {t('pages.appointments.schedules.setLeave')}
          </Button>
          <Button danger loading={clear.isPending} onClick={() => clear.mutate()}>
            {t('pages.appointments.schedules.clear')}
          </Button>
          <Button type="link" onClick={() => setSelected(new Set())}>
            {t('pages.appointments.schedules.unselect')}
          </Button>
        </Flex>
      )}

      <Spin spinning={schedules.isFetching}>
        {rows.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pages.appointments.schedules.noStaff')} />
        ) : (
          <div className="appt-schedule-scroll">
            <table className="appt-schedule-grid" data-testid="schedule-grid">
              <thead>
                <tr>
                  <th className="appt-schedule-staff">{t('pages.appointments.field.staff')}</th>
                  {days.map((day) => (
                    <th
                      key={day}
                      className={day === today ? 'appt-schedule-today' : undefined}
                      onClick={() => toggle(rows.map((member) => cellKey(member.id, day)))}
                      role={editable ? 'button' : undefined}
                    >
                      <div>{dayjs(day).format(t('pages.appointments.schedules.dayFormat'))}</div>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((member) => (
                  <tr key={member.id} data-testid={`schedule-row-${member.id}`}>
                    <th className="appt-schedule-staff" onClick={() => toggle(days.map((day) => cellKey(member.id, day)))} role={editable ? 'button' : undefined}>
                      {member.name}
                    </th>
                    {days.map((day) => {
                      const key = cellKey(member.id, day);
                      const entries = cells.get(key) ?? [];
                      return (
                        <td
                          key={day}
                          className={[selected.has(key) ? 'appt-schedule-selected' : '', editable ? 'appt-schedule-editable' : ''].join(' ')}
                          onClick={() => toggle([key])}
                          data-testid={`schedule-cell-${member.id}-${day}`}
                        >
                          <Flex vertical gap={2} align="flex-start">
                            {entries.map(entryTag)}
                          </Flex>
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Spin>
    </Flex>
  );
}
