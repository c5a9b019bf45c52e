import { ColorPicker, Flex, Form, Input, Table, Tag, TimePicker, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { CreateButton, RowActions } from '../../../../components/CrudButtons';
import { FormModal } from '../../../../components/FormModal';
import { useDeleteMutation, useSaveMutation } from '../../../../hooks/useCrudMutations';
import { useAccess } from '../../../../session/useMe';
import { appointmentKeys, createShiftType, deleteShiftType, updateShiftType, type ShiftType } from '../../service';
import { shortTime } from '../scheduleGrid';

interface ShiftValues {
  name: string;
  times: [Dayjs, Dayjs];
  color: string | { toHexString: () => string };
}

/** 班次: named working hours (早班 08:30–12:00) that schedules and templates use. */
export function ShiftTypesTab({ shiftTypes, loading }: { shiftTypes: ShiftType[]; loading: boolean }) {
  const { t } = useTranslation();
  const access = useAccess();
  const [editing, setEditing] = useState<ShiftType | 'new' | null>(null);
  const remove = useDeleteMutation(deleteShiftType, appointmentKeys.all);
  const columns: TableColumnsType<ShiftType> = [
    {
      title: t('pages.appointments.shift.name'),
      key: 'name',
      render: (_, row) => <Tag color={row.color || undefined}>{row.name}</Tag>,
    },
    { title: t('pages.appointments.shift.time'), key: 'time', render: (_, row) => `${shortTime(row.start_time)}–${shortTime(row.end_time)}` },
    ...(access.canChangeSchedule
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, row: ShiftType) => (
              <RowActions onEdit={() => setEditing(row)} onDelete={() => remove.mutate(row.id)} deleteConfirm={t('pages.appointments.shift.deleteConfirm', { name: row.name })} />
            ),
          },
        ]
      : []),
  ];
  return (
    <Flex vertical gap={12}>
      {access.canChangeSchedule && (
        <Flex justify="flex-end">
          <CreateButton onClick={() => setEditing('new')}>{t('pages.appointments.shift.new')}</CreateButton>
        </Flex>
      )}
      <Table<ShiftType> rowKey="id" size="small" loading={loading} columns={columns} dataSource={shiftTypes} pagination={false} />
      {editing && <ShiftModal shift={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Flex>
  );
}

function ShiftModal({ shift, onClose }: { shift: ShiftType | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ShiftValues>();
  const save = useSaveMutation(
    form,
    (values: ShiftValues) => {
      const body = {
        name: values.name.trim(),
        start_time: values.times[0].format('HH:mm'),
        end_time: values.times[1].format('HH:mm'),
        color: typeof values.color === 'string' ? values.color : values.color.toHexString(),
      };
      return shift ? updateShiftType(shift.id, body) : createShiftType(body);
    },
    appointmentKeys.all,
    onClose,
  );
  const time = (value: string) => dayjs(`2000-01-01T${shortTime(value)}`);
  return (
    <FormModal<ShiftValues>
      title={shift ? t('pages.appointments.shift.edit') : t('pages.appointments.shift.new')}
      form={form}
      initialValues={shift ? { name: shift.name, times: [time(shift.start_time), time(shift.end_time)], color: shift.color || '#52c41a' } : { color: '#52c41a' }}
      saving={save.isPending}
      onSubmit={(values) => save.mutate(values)}
      onClose={onClose}
    >
      <Form.Item name="name" label={t('pages.appointments.shift.name')} rules={[{ required: true, whitespace: true, message: t('pages.appointments.shift.nameRequired') }]}>
        <Input maxLength={20} />
      </Form.Item>
      <Form.Item name="times" label={t('pages.appointments.shift.time')} rules={[{ required: true, message: t('pages.appointments.shift.timeRequired') }]}>
        <TimePicker.RangePicker format="HH:mm" minuteStep={5} />
      </Form.Item>
      <Form.Item name="color" label={t('pages.appointments.shift.color')}>
        <ColorPicker format="hex" disabledAlpha />
      </Form.Item>
    </FormModal>
  );
}
