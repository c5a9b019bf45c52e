import { DatePicker, Flex, Form, Modal, Select, TimePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { lineSubject } from '../calendar/calendarModel';
import { useBookableStaff, type Appointment, type AppointmentLine } from '../service';
import { clinicTime, combine } from './bookingForm';
import { useMoveLine } from './useAppointmentActions';

interface RescheduleValues {
  staff: number;
  date: Dayjs;
  start: Dayjs;
  end: Dayjs;
}

/** Moving one line without dragging (a phone, a keyboard): another day, time or staff member, checked as a drag is. */
export function RescheduleModal({ appointment, line, onClose }: { appointment: Appointment; line: AppointmentLine; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<RescheduleValues>();
  const staff = useBookableStaff();
  const move = useMoveLine();
  const [saving, setSaving] = useState(false);
  const picker = (value: string) => {
    const wall = clinicTime(value);
    return { day: wall.format('YYYY-MM-DD'), time: wall.format('HH:mm') };
  };
  const start = picker(line.start);
  const end = picker(line.end);
  const options = (staff.data ?? []).map((member) => ({ value: member.id, label: member.name }));
  if (!options.some((option) => option.value === line.staff.id)) options.unshift({ value: line.staff.id, label: line.staff.name });

  const submit = async (values: RescheduleValues) => {
    setSaving(true);
    const saved = await move(
      appointment.id,
      {
        line: line.id,
        start: combine(values.date, values.start),
        end: combine(values.date, values.end),
        ...(values.staff !== line.staff.id ? { staff: values.staff } : {}),
      },
      () => undefined,
    );
    setSaving(false);
    if (saved) onClose();
  };

  return (
    <Modal
      open
      title={t('pages.appointments.reschedule.title', { subject: lineSubject(line) || appointment.number })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving, ...({ 'data-testid': 'reschedule-submit' } as Record<string, string>) }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<RescheduleValues>
        form={form}
        layout="vertical"
        initialValues={{
          staff: line.staff.id,
          // The pickers hold the clinic's wall-clock values (as the booking form's do).
          date: dayjs(start.day),
          start: dayjs(`${start.day}T${start.time}`),
          end: dayjs(`${start.day}T${end.time}`),
        }}
        onFinish={(values) => void submit(values)}
      >
        <Form.Item name="staff" label={t('pages.appointments.field.staff')} rules={[{ required: true, message: t('pages.appointments.booking.staffRequired') }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={options} />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="date" label={t('pages.appointments.field.date')} rules={[{ required: true, message: t('pages.appointments.booking.dateRequired') }]} style={{ flex: '1 1 150px' }}>
            <DatePicker allowClear={false} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="start" label={t('pages.appointments.field.start')} rules={[{ required: true, message: t('pages.appointments.booking.startRequired') }]} style={{ flex: '1 1 110px' }}>
            <TimePicker format="HH:mm" minuteStep={5} needConfirm={false} allowClear={false} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="end"
            label={t('pages.appointments.field.end')}
            dependencies={['start']}
            rules={[
              { required: true, message: t('pages.appointments.booking.endRequired') },
              ({ getFieldValue }) => ({
                validator: (_, value: Dayjs | undefined) =>
                  !value || !getFieldValue('start') || value.isAfter(getFieldValue('start'))
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('pages.appointments.booking.endAfterStart'))),
              }),
            ]}
            style={{ flex: '1 1 110px' }}
          >
            <TimePicker format="HH:mm" minuteStep={5} needConfirm={false} allowClear={false} style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
      </Form>
    </Modal>
  );
}
