import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Form, Input, InputNumber, Radio, Result, Select, Skeleton, Switch, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';

import { PageContainer } from '../../../components/PageContainer';
import { applyFieldErrors } from '../../../utils/formErrors';
import { appointmentKeys, updateSettings, useAppointmentSettings, type AppointmentSettings } from '../service';
import { toOffsets, toRows, type OffsetRow } from './reminders';

type SettingsValues = Omit<AppointmentSettings, 'reminder_offsets' | 'day_start' | 'day_end' | 'updated_at'> & {
  reminders: OffsetRow[];
  day_start: Dayjs;
  day_end: Dayjs;
};

const clock = (time: string) => dayjs(`2000-01-01T${time.slice(0, 5)}`);

const SLOT_CHOICES = [5, 10, 15, 20, 30, 60];
const MAX_REMINDERS = 5;

/** 预约设置: conflict and schedule checks, the calendar's slot, the reminders and notices sent to customers. */
export default function AppointmentSettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const settings = useAppointmentSettings();
  const [form] = Form.useForm<SettingsValues>();
  const save = useMutation({
    mutationFn: ({ reminders, day_start, day_end, ...values }: SettingsValues) =>
      updateSettings({
        ...values,
        day_start: day_start.format('HH:mm'),
        day_end: day_end.format('HH:mm'),
        reminder_offsets: toOffsets(reminders ?? []),
      }),
    onSuccess: async (saved) => {
      queryClient.setQueryData(appointmentKeys.settings, saved);
      void message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: appointmentKeys.all });
    },
    onError: (error) => applyFieldErrors(form, error),
  });

  if (settings.isPending) return <PageContainer title={t('menu.appointments.settings')}><Skeleton active /></PageContainer>;
  if (settings.isError) {
    return (
      <PageContainer title={t('menu.appointments.settings')}>
        <Result status="warning" title={t('pages.appointments.settings.loadFailed')} extra={<Button onClick={() => void settings.refetch()}>{t('common.retry')}</Button>} />
      </PageContainer>
    );
  }
  const { reminder_offsets: offsets, day_start, day_end, conflict_mode, schedule_mode, send_confirmation, send_cancellation, slot_minutes, clinic_name, clinic_address } = settings.data;

  return (
    <PageContainer title={t('menu.appointments.settings')}>
      <Form<SettingsValues>
        form={form}
        layout="vertical"
        initialValues={{
          conflict_mode,
          schedule_mode,
          send_confirmation,
          send_cancellation,
          slot_minutes,
          clinic_name,
          clinic_address,
          day_start: clock(day_start),
          day_end: clock(day_end),
          reminders: toRows(offsets),
        }}
        onFinish={(values) => save.mutate(values)}
        style={{ maxWidth: 640 }}
        data-testid="appointment-settings"
      >
        <Form.Item name="conflict_mode" label={t('pages.appointments.settings.conflictMode')} extra={t('pages.appointments.settings.conflictModeHelp')}>
          <Radio.Group
            options={[
              { value: 'block', label: t('pages.appointments.settings.mode.block') },
              { value: 'warn', label: t('pages.appointments.settings.mode.warn') },
            ]}
          />
        </Form.Item>
        <Form.Item name="schedule_mode" label={t('pages.appointments.settings.scheduleMode')} extra={t('pages.appointments.settings.scheduleModeHelp')}>
          <Radio.Group
            options={[
              { value: 'block', label: t('pages.appointments.settings.mode.block') },
              { value: 'warn', label: t('pages.appointments.settings.mode.warn') },
              { value: 'off', label: t('pages.appointments.settings.mode.off') },
            ]}
          />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item name="slot_minutes" label={t('pages.appointments.settings.slotMinutes')}>
            <Select options={SLOT_CHOICES.map((minutes) => ({ value: minutes, label: t('pages.appointments.booking.item.minutes', { count: minutes }) }))} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="day_start" label={t('pages.appointments.settings.dayStart')} rules={[{ required: true, message: t('pages.appointments.settings.atRequired') }]}>
            <TimePicker format="HH:mm" minuteStep={30} needConfirm={false} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item
            name="day_end"
            label={t('pages.appointments.settings.dayEnd')}
            dependencies={['day_start']}
            rules={[
              { required: true, message: t('pages.appointments.settings.atRequired') },
              ({ getFieldValue }) => ({
                validator: (_, value: Dayjs | undefined) =>
                  !value || !getFieldValue('day_start') || value.isAfter(getFieldValue('day_start'))
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('pages.appointments.booking.endAfterStart'))),
              }),
            ]}
          >
            <TimePicker format="HH:mm" minuteStep={30} needConfirm={false} style={{ width: 120 }} />
          </Form.Item>
        </Flex>

        <Typography.Title level={5}>{t('pages.appointments.settings.reminders')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('pages.appointments.settings.remindersHelp')}</Typography.Paragraph>
        <Form.List name="reminders">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8} style={{ marginBottom: 16 }} data-testid="reminder-offsets">
              {fields.map((field) => (
                <Flex key={field.key} gap={8} wrap align="center">
                  <Typography.Text>{t('pages.appointments.settings.before')}</Typography.Text>
                  <Form.Item name={[field.name, 'amount']} noStyle rules={[{ required: true, message: t('pages.appointments.settings.amountRequired') }]}>
                    <InputNumber min={0} max={72} precision={0} style={{ width: 80 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'unit']} noStyle>
                    <Select
                      options={[
                        { value: 'days', label: t('pages.appointments.settings.unit.days') },
                        { value: 'hours', label: t('pages.appointments.settings.unit.hours') },
                      ]}
                      style={{ width: 90 }}
                    />
                  </Form.Item>
                  <Form.Item noStyle dependencies={[['reminders', field.name, 'unit']]}>
                    {({ getFieldValue }) =>
                      getFieldValue(['reminders', field.name, 'unit']) === 'days' && (
                        <>
                          <Typography.Text>{t('pages.appointments.settings.at')}</Typography.Text>
                          <Form.Item name={[field.name, 'at']} noStyle rules={[{ required: true, message: t('pages.appointments.settings.atRequired') }]}>
                            <TimePicker format="HH:mm" minuteStep={5} needConfirm={false} style={{ width: 100 }} />
                          </Form.Item>
                        </>
                      )
                    }
                  </Form.Item>
                  <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => remove(field.name)} />
                </Flex>
              ))}
              {fields.length === 0 && <Typography.Text type="secondary">{t('pages.appointments.settings.noReminders')}</Typography.Text>}
              {fields.length < MAX_REMINDERS && (
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ unit: 'hours', amount: 2 })} style={{ alignSelf: 'flex-start' }}>
                  {t('pages.appointments.settings.addReminder')}
                </Button>
              )}
            </Flex>
          )}
        </Form.List>

        <Typography.Title level={5}>{t('pages.appointments.settings.notices')}</Typography.Title>
        <Flex gap={16} wrap>
          <Form.Item name="clinic_name" label={t('pages.appointments.settings.clinicName')} extra={t('pages.appointments.settings.clinicNameHelp')} style={{ flex: '1 1 220px' }}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="clinic_address" label={t('pages.appointments.settings.clinicAddress')} style={{ flex: '1 1 280px' }}>
            <Input maxLength={100} />
          </Form.Item>
        </Flex>
        <Form.Item name="send_confirmation" label={t('pages.appointments.settings.sendConfirmation')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="send_cancellation" label={t('pages.appointments.settings.sendCancellation')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="settings-save">
          {t('common.save')}
        </Button>
      </Form>
    </PageContainer>
  );
}
