import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Divider, Flex, Form, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useLayoutMode } from '../../../../layouts/useLayoutMode';
import { useAccess } from '../../../../session/useMe';
import { clinicNow } from '../../../../utils/time';
import {
  appointmentKeys,
  applyTemplates,
  createTemplate,
  deleteTemplate,
  listTemplates,
  type ApplyTemplatesResult,
  type Ref,
  type ScheduleTemplate,
  type ShiftType,
} from '../../service';
import { DATE, shortTime } from '../scheduleGrid';

/** Monday first, as the clinic's week; the API counts weekdays from Monday = 0. */
const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6] as const;

interface TemplatesTabProps {
  staff: Ref[];
  shiftTypes: ShiftType[];
}

/** 排班模板: each staff member's shifts per weekday, and applying them to a range of dates. */
export function TemplatesTab({ staff, shiftTypes }: TemplatesTabProps) {
  const { t } = useTranslation();
  const access = useAccess();
  const queryClient = useQueryClient();
  const editable = access.canChangeSchedule;
  const templates = useQuery({ queryKey: appointmentKeys.templates, queryFn: listTemplates });
  const refresh = () => queryClient.invalidateQueries({ queryKey: appointmentKeys.templates });
  const change = useMutation({
    mutationFn: async ({ staff: member, weekday, next }: { staff: number; weekday: number; next: number[] }) => {
      const current = (templates.data ?? []).filter((row) => row.staff === member && row.weekday === weekday);
      for (const row of current) if (!next.includes(row.shift_type)) await deleteTemplate(row.id);
      for (const shift of next) if (!current.some((row) => row.shift_type === shift)) await createTemplate({ staff: member, weekday, shift_type: shift });
    },
    onSettled: () => void refresh(),
  });

  const byCell = new Map<string, ScheduleTemplate[]>();
  for (const row of templates.data ?? []) byCell.set(`${row.staff}|${row.weekday}`, [...(byCell.get(`${row.staff}|${row.weekday}`) ?? []), row]);
  const shiftOptions = shiftTypes.map((type) => ({ value: type.id, label: type.name, hours: `${shortTime(type.start_time)}–${shortTime(type.end_time)}` }));
  const shiftById = new Map(shiftTypes.map((type) => [type.id, type]));

  const columns: TableColumnsType<Ref> = [
    { title: t('pages.appointments.field.staff'), dataIndex: 'name', key: 'name', fixed: 'left', width: 100 },
    ...WEEKDAYS.map((weekday) => ({
      title: t(`pages.appointments.weekday.${weekday}`),
      key: String(weekday),
      width: 150,
      render: (_: unknown, member: Ref) => {
        const rows = byCell.get(`${member.id}|${weekday}`) ?? [];
        if (!editable) {
          return rows.length ? rows.map((row) => <Tag key={row.id} color={shiftById.get(row.shift_type)?.color}>{shiftById.get(row.shift_type)?.name}</Tag>) : '—';
        }
        return (
          <Select
            mode="multiple"
            size="small"
            placeholder={t('pages.appointments.schedules.off')}
            value={rows.map((row) => row.shift_type)}
            onChange={(next: number[]) => change.mutate({ staff: member.id, weekday, next })}
            options={shiftOptions}
            optionRender={(option) => `${option.label} ${(option.data as { hours: string }).hours}`}
            style={{ width: '100%', minWidth: 120 }}
            data-testid={`template-${member.id}-${weekday}`}
          />
        );
      },
    })),
  ];

  return (
    <Flex vertical gap={16}>
      <Typography.Text type="secondary">{t('pages.appointments.templates.help')}</Typography.Text>
      <Table<Ref>
        rowKey="id"
        size="small"
        loading={templates.isFetching}
        columns={columns}
        dataSource={staff}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="template-table"
      />
      {editable && (
        <>
          <Divider titlePlacement="start" style={{ margin: 0 }}>
            {t('pages.appointments.templates.apply')}
          </Divider>
          <ApplyTemplatesForm staff={staff} />
        </>
      )}
    </Flex>
  );
}

function ApplyTemplatesForm({ staff }: { staff: Ref[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const phone = useLayoutMode() === 'phone';
  const [result, setResult] = useState<ApplyTemplatesResult | null>(null);
  const today = dayjs(clinicNow().format(DATE));
  const apply = useMutation({
    mutationFn: (values: { range: [Dayjs, Dayjs]; staff?: number[] }) =>
      applyTemplates({
        date_from: values.range[0].format(DATE),
        date_to: values.range[1].format(DATE),
        ...(values.staff?.length ? { staff: values.staff } : {}),
      }),
    onSuccess: async (answer) => {
      setResult(answer);
      void message.success(t('pages.appointments.templates.applied', { count: answer.created }));
      await queryClient.invalidateQueries({ queryKey: ['appointments'] });
    },
  });
  const day = (value: string) => dayjs(value).format(t('pages.appointments.schedules.dayFormat'));
  return (
    <Flex vertical gap={12}>
      <Form
        layout={phone ? 'vertical' : 'inline'}
        initialValues={{ range: [today.add(1, 'day'), today.add(28, 'day')] }}
        onFinish={(values) => apply.mutate(values)}
      >
        <Form.Item name="range" label={t('pages.appointments.templates.range')} rules={[{ required: true, message: t('pages.appointments.templates.rangeRequired') }]}>
          <DatePicker.RangePicker allowClear={false} />
        </Form.Item>
        <Form.Item name="staff" label={t('pages.appointments.field.staff')}>
          <Select
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            placeholder={t('pages.appointments.templates.allStaff')}
            showSearch={{ optionFilterProp: 'label' }}
            options={staff.map((member) => ({ value: member.id, label: member.name }))}
            style={{ minWidth: 200 }}
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={apply.isPending} data-testid="templates-apply">
            {t('pages.appointments.templates.applyButton')}
          </Button>
        </Form.Item>
      </Form>
      {result && (
        <Alert
          type={result.unknown_years.length ? 'warning' : 'success'}
          showIcon
          data-testid="templates-result"
          title={t('pages.appointments.templates.applied', { count: result.created })}
          description={
            <Flex vertical gap={4}>
              <span>
                {t('pages.appointments.templates.skippedHolidays')}
                {result.skipped_holidays.length ? result.skipped_holidays.map((date) => <Tag key={date}>{day(date)}</Tag>) : t('common.none')}
              </span>
              <span>
                {t('pages.appointments.templates.makeUpDays')}
                {result.make_up_days.length ? result.make_up_days.map((date) => <Tag key={date} color="blue">{day(date)}</Tag>) : t('common.none')}
              </span>
              {result.kept_days > 0 && <span>{t('pages.appointments.templates.keptDays', { count: result.kept_days })}</span>}
              {result.unknown_years.length > 0 && <span>{t('pages.appointments.templates.unknownYears', { years: result.unknown_years.join('、') })}</span>}
            </Flex>
          }
        />
      )}
    </Flex>
  );
}
