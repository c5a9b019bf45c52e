import { CheckCircleOutlined, CheckOutlined, CloseCircleOutlined, EditOutlined, FieldTimeOutlined, LoginOutlined, UserDeleteOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Drawer, Empty, Flex, Form, Input, List, Modal, Popconfirm, Select, Skeleton, Switch, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';

import { useLayoutMode } from '../../../layouts/useLayoutMode';
import { useAccess } from '../../../session/useMe';
import { formatDateTime } from '../../../utils/time';
import { APPOINTMENT_SOURCES, APPOINTMENT_TYPES, lineSubject } from '../calendar/calendarModel';
import {
  appointmentKeys,
  cancelAppointment,
  checkInAppointment,
  completeAppointment,
  markNoShow,
  confirmAppointment,
  getAppointment,
  updateAppointment,
  useAppointmentSettings,
  type Appointment,
  type AppointmentLine,
} from '../service';
import { RescheduleModal } from './RescheduleModal';
import { followupKeys } from '../../followups/service';
import { AppointmentStatusTag, AppointmentTypeTag, MessageStatusTag, useAppointmentLabels } from './labels';

/** `HH:mm–HH:mm` on the line's day, or the full dates when it crosses midnight. */
export function timeRange(start: string, end: string): string {
  const from = formatDateTime(start);
  const to = formatDateTime(end);
  return from.slice(0, 10) === to.slice(0, 10) ? `${from}–${to.slice(11)}` : `${from} – ${to}`;
}

interface AppointmentDrawerProps {
  appointmentId: number | null;
  onClose: () => void;
}

/** One appointment: the customer (to the 360° view), its lines, the messages sent for it, and what can be done next. */
export function AppointmentDrawer({ appointmentId, onClose }: AppointmentDrawerProps) {
  const { t } = useTranslation();
  const phone = useLayoutMode() === 'phone';
  const detail = useQuery({
    queryKey: appointmentKeys.detail(appointmentId ?? 0),
    queryFn: () => getAppointment(appointmentId!),
    enabled: appointmentId !== null,
  });
  const appointment = detail.data;
  return (
    <Drawer
      open={appointmentId !== null}
      onClose={onClose}
      size={phone ? '100%' : 560}
      title={appointment ? t('pages.appointments.detail.title', { number: appointment.number }) : t('pages.appointments.detail.loading')}
      destroyOnHidden
      data-testid="appointment-drawer"
    >
      {detail.isPending && appointmentId !== null && <Skeleton active paragraph={{ rows: 8 }} />}
      {appointment && <AppointmentDetail appointment={appointment} />}
    </Drawer>
  );
}

function AppointmentDetail({ appointment }: { appointment: Appointment }) {
  const { t } = useTranslation();
  const access = useAccess();
  const labels = useAppointmentLabels();
  const [cancelling, setCancelling] = useState(false);
  const [editing, setEditing] = useState(false);
  const [rescheduling, setRescheduling] = useState<AppointmentLine | null>(null);
  const actions = useStatusActions(appointment);
  const open = appointment.status === 'pending' || appointment.status === 'confirmed';
  // 爽约 once the booking's time has begun (before that, a customer who won't come is a cancellation).
  const started = dayjs(appointment.starts_at).isBefore(dayjs());

  return (
    <Flex vertical gap={16}>
      <Flex gap={8} wrap align="center">
        <AppointmentStatusTag status={appointment.status} />
        <AppointmentTypeTag type={appointment.type} />
        {appointment.visit && <Typography.Text type="secondary">{t('pages.appointments.detail.visit')}</Typography.Text>}
      </Flex>
      <Flex gap={8} wrap data-testid="appointment-actions">
        {appointment.status === 'pending' && access.canChangeAppointment && (
          <Button icon={<CheckOutlined />} loading={actions.confirm.isPending} onClick={() => actions.confirm.mutate()} data-testid="appointment-confirm">
            {t('pages.appointments.action.confirm')}
          </Button>
        )}
        {open && access.canCheckInAppointment && (
          <Button type="primary" icon={<LoginOutlined />} loading={actions.checkIn.isPending} onClick={() => actions.checkIn.mutate()} data-testid="appointment-check-in">
            {t('pages.appointments.action.checkIn')}
          </Button>
        )}
        {appointment.status === 'arrived' && access.canChangeAppointment && (
          <Button icon={<CheckCircleOutlined />} loading={actions.complete.isPending} onClick={() => actions.complete.mutate()} data-testid="appointment-complete">
            {t('pages.appointments.action.complete')}
          </Button>
        )}
        {open && access.canChangeAppointment && (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="appointment-edit">
            {t('common.edit')}
          </Button>
        )}
        {open && started && access.canChangeAppointment && (
          <Popconfirm
            title={t('pages.appointments.noShow.title')}
            description={<div style={{ maxWidth: 280 }}>{t('pages.appointments.noShow.content')}</div>}
            okText={t('pages.appointments.action.noShow')}
            cancelText={t('common.cancel')}
            okButtonProps={{ loading: actions.noShow.isPending, ...({ 'data-testid': 'no-show-ok' } as Record<string, string>) }}
            onConfirm={() => actions.noShow.mutateAsync()}
          >
            <Button icon={<UserDeleteOutlined />} data-testid="appointment-no-show">
              {t('pages.appointments.action.noShow')}
            </Button>
          </Popconfirm>
        )}
        {open && access.canCancelAppointment && (
          <Button danger icon={<CloseCircleOutlined />} onClick={() => setCancelling(true)} data-testid="appointment-cancel">
            {t('pages.appointments.action.cancel')}
          </Button>
        )}
      </Flex>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('pages.appointments.field.customer')}>
          {access.canViewCustomer ? (
            <Link to={`/customers/${appointment.customer.id}?tab=appointments`} data-testid="appointment-customer">
              {appointment.customer.name}
            </Link>
          ) : (
            appointment.customer.name
          )}
          <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
            {appointment.customer.phone}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('pages.appointments.field.source')}>{labels.source(appointment.source) || '—'}</Descriptions.Item>
        {appointment.note ? <Descriptions.Item label={t('pages.appointments.field.note')}>{appointment.note}</Descriptions.Item> : null}
        {appointment.status === 'cancelled' ? (
          <Descriptions.Item label={t('pages.appointments.field.cancelReason')}>
            {appointment.cancel_reason || '—'}
            {appointment.cancelled_by && (
              <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                {appointment.cancelled_by.name} · {formatDateTime(appointment.cancelled_at)}
              </Typography.Text>
            )}
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('pages.appointments.field.createdBy')}>
          {appointment.created_by?.name ?? '—'} · {formatDateTime(appointment.created_at)}
        </Descriptions.Item>
      </Descriptions>

      <div>
        <Typography.Title level={5}>{t('pages.appointments.booking.lines')}</Typography.Title>
        <List
          size="small"
          bordered
          dataSource={appointment.lines}
          data-testid="appointment-lines"
          renderItem={(line) => (
            <List.Item data-testid={`appointment-line-${line.id}`}>
              <Flex vertical gap={2} style={{ width: '100%' }}>
                <Flex justify="space-between" gap={8} wrap>
                  <Typography.Text strong>{lineSubject(line) || labels.type(appointment.type)}</Typography.Text>
                  <Typography.Text data-testid="appointment-line-time">{timeRange(line.start, line.end)}</Typography.Text>
                </Flex>
                <Flex justify="space-between" align="center" gap={8} wrap>
                  <Typography.Text type="secondary">
                    {line.staff.name}
                    {line.resource && ` · ${line.resource.name}`}
                    {line.recheck_doctor && ` · ${t('pages.appointments.detail.recheckDoctor', { name: line.recheck_doctor.name })}`}
                  </Typography.Text>
                  {open && access.canChangeAppointment && (
                    <Button size="small" type="link" icon={<FieldTimeOutlined />} onClick={() => setRescheduling(line)} data-testid={`appointment-line-${line.id}-move`}>
                      {t('pages.appointments.action.reschedule')}
                    </Button>
                  )}
                </Flex>
              </Flex>
            </List.Item>
          )}
        />
      </div>

      <div>
        <Flex justify="space-between" align="baseline">
          <Typography.Title level={5}>{t('pages.appointments.detail.messages')}</Typography.Title>
          {access.canViewMessage && (
            <Link to={`/messages?source_type=appointments.appointment&source_id=${appointment.id}`} data-testid="appointment-message-centre">
              {t('pages.appointments.detail.messageCentre')}
            </Link>
          )}
        </Flex>
        {appointment.messages.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pages.appointments.detail.noMessages')} />
        ) : (
          <List
            size="small"
            bordered
            dataSource={appointment.messages}
            data-testid="appointment-messages"
            renderItem={(sent) => (
              <List.Item>
                <Flex justify="space-between" gap={8} wrap style={{ width: '100%' }}>
                  <span>
                    {access.canViewMessage ? <Link to={`/messages?message=${sent.id}`}>{labels.messageKind(sent.kind)}</Link> : labels.messageKind(sent.kind)}
                    <Typography.Text type="secondary" style={{ marginInlineStart: 6 }}>
                      {labels.channel(sent.channel)}
                    </Typography.Text>
                  </span>
                  <span>
                    <Typography.Text type="secondary" style={{ marginInlineEnd: 6 }}>
                      {formatDateTime(sent.scheduled_at)}
                    </Typography.Text>
                    <MessageStatusTag status={sent.status} label={sent.status_display} />
                  </span>
                  {sent.status_reason && (
                    <Typography.Text type="secondary" style={{ width: '100%', fontSize: 12 }}>
                      {sent.status_reason}
                    </Typography.Text>
                  )}
                </Flex>
              </List.Item>
            )}
          />
        )}
      </div>
      {cancelling && <CancelModal appointment={appointment} onClose={() => setCancelling(false)} />}
      {editing && <EditModal appointment={appointment} onClose={() => setEditing(false)} />}
      {rescheduling && <RescheduleModal appointment={appointment} line={rescheduling} onClose={() => setRescheduling(null)} />}
    </Flex>
  );
}

/** The status changes of an appointment, each refreshing every appointment query. */
function useStatusActions(appointment: Appointment) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const access = useAccess();
  const refresh = () => queryClient.invalidateQueries({ queryKey: appointmentKeys.all });
  const done = async () => {
    void message.success(t('common.done'));
    await refresh();
  };
  return {
    confirm: useMutation({ mutationFn: () => confirmAppointment(appointment.id), onSuccess: done }),
    complete: useMutation({ mutationFn: () => completeAppointment(appointment.id), onSuccess: done }),
    noShow: useMutation({
      mutationFn: () => markNoShow(appointment.id),
      onSuccess: async () => {
        void message.success(t('pages.appointments.noShow.done'));
        await Promise.all([refresh(), queryClient.invalidateQueries({ queryKey: followupKeys.all })]);
      },
    }),
    checkIn: useMutation({
      mutationFn: () => checkInAppointment(appointment.id),
      onSuccess: async () => {
        void message.success({
          content: (
            <span data-testid="check-in-done">
              {t('pages.appointments.checkIn.done')}
              {access.canViewVisit && (
                <Button type="link" size="small" onClick={() => void navigate('/reception/waiting')}>
                  {t('pages.appointments.checkIn.waiting')}
                </Button>
              )}
            </span>
          ),
          duration: 6,
        });
        await Promise.all([refresh(), queryClient.invalidateQueries({ queryKey: ['customers'] })]);
      },
    }),
  };
}

function CancelModal({ appointment, onClose }: { appointment: Appointment; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const settings = useAppointmentSettings();
  const [form] = Form.useForm<{ reason: string; notify: boolean }>();
  const cancel = useMutation({
    mutationFn: (values: { reason: string; notify: boolean }) => cancelAppointment(appointment.id, { reason: values.reason.trim(), notify: values.notify }),
    onSuccess: async () => {
      void message.success(t('pages.appointments.cancel.done'));
      await queryClient.invalidateQueries({ queryKey: appointmentKeys.all });
      onClose();
    },
  });
  return (
    <Modal
      open
      title={t('pages.appointments.cancel.title', { number: appointment.number })}
      okText={t('pages.appointments.action.cancel')}
      okButtonProps={{ danger: true, loading: cancel.isPending, ...({ 'data-testid': 'cancel-submit' } as Record<string, string>) }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ reason: '', notify: settings.data?.send_cancellation ?? true }} onFinish={(values) => cancel.mutate(values)}>
        <Form.Item
          name="reason"
          label={t('pages.appointments.field.cancelReason')}
          rules={[{ required: true, whitespace: true, message: t('pages.appointments.cancel.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={200} showCount data-testid="cancel-reason" />
        </Form.Item>
        <Form.Item name="notify" label={t('pages.appointments.cancel.notify')} valuePropName="checked" extra={t('pages.appointments.cancel.notifyHelp')}>
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function EditModal({ appointment, onClose }: { appointment: Appointment; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const labels = useAppointmentLabels();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Pick<Appointment, 'type' | 'source' | 'note'>>();
  const save = useMutation({
    mutationFn: (values: Pick<Appointment, 'type' | 'source' | 'note'>) => updateAppointment(appointment.id, values),
    onSuccess: async () => {
      void message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: appointmentKeys.all });
      onClose();
    },
  });
  return (
    <Modal
      open
      title={t('pages.appointments.edit.title', { number: appointment.number })}
      okText={t('common.save')}
      okButtonProps={{ loading: save.isPending }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ type: appointment.type, source: appointment.source, note: appointment.note }} onFinish={(values) => save.mutate(values)}>
        <Form.Item name="type" label={t('pages.appointments.field.type')} rules={[{ required: true }]}>
          <Select options={APPOINTMENT_TYPES.map((value) => ({ value, label: labels.type(value) }))} />
        </Form.Item>
        <Form.Item name="source" label={t('pages.appointments.field.source')}>
          <Select allowClear options={APPOINTMENT_SOURCES.map((value) => ({ value, label: labels.source(value) }))} />
        </Form.Item>
        <Form.Item name="note" label={t('pages.appointments.field.note')}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
