import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Drawer,
  Flex,
  Form,
  Input,
  Radio,
  Select,
  TimePicker,
  Typography,
} from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ApiError } from '@/api/errors';
import { reportError } from '@/api/reporting';

import { useLayoutMode } from '../../../layouts/useLayoutMode';
import { clinicNow } from '../../../utils/time';
import { CustomerSelect } from '../../customers/shared/CustomerSelect';
import { APPOINTMENT_SOURCES, APPOINTMENT_TYPES } from '../calendar/calendarModel';
import {
  appointmentKeys,
  createAppointment,
  listRecheckOptions,
  useAppointmentSettings,
  useResources,
  type Appointment,
  type RecheckDoctor,
  type Ref,
} from '../service';
import {
  endForDuration,
  initialBooking,
  nextLine,
  PHONE_PATTERN,
  splitFieldErrors,
  toAppointmentInput,
  type BookingLineValues,
  type BookingPrefill,
  type BookingValues,
} from './bookingForm';
import { ItemSelect } from './ItemSelect';
import { useAppointmentLabels } from './labels';
import { WarningsList } from './WarningsList';

interface BookingDrawerProps {
  prefill: BookingPrefill;
  /** Staff who take appointments (the calendar's staff columns). */
  staffOptions: Ref[];
  onClose: () => void;
  onSaved: (appointment: Appointment) => void;
}

/** 新建预约: a customer or a new lead, the type, and one or more lines (item or free text, staff, room, time). */
export function BookingDrawer({ prefill, staffOptions, onClose, onSaved }: BookingDrawerProps) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const labels = useAppointmentLabels();
  const queryClient = useQueryClient();
  const phone = useLayoutMode() === 'phone';
  const [form] = Form.useForm<BookingValues>();
  const settings = useAppointmentSettings();
  const resources = useResources();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<{ message: string; details: string[]; existingCustomer: number | null } | null>(null);
  const [lineErrors, setLineErrors] = useState<Record<number, string[]>>({});
  const initialValues = useMemo(
    () => initialBooking(prefill, clinicNow(), settings.data?.slot_minutes),
    // The drawer opens with one prefill; a later settings answer must not reset what the user typed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [prefill],
  );
  const customerMode = Form.useWatch('customerMode', form);
  const customer = Form.useWatch('customer', form);
  const type = Form.useWatch('type', form);
  const rechecks = useQuery({
    queryKey: appointmentKeys.recheckOptions(customer ?? 0),
    queryFn: () => listRecheckOptions(customer!),
    enabled: type === 'recheck' && customerMode === 'existing' && Boolean(customer),
  });
  const recheckChoices = (rechecks.data ?? []).flatMap((option) =>
    ((option.doctors as unknown as RecheckDoctor[]).length ? (option.doctors as unknown as RecheckDoctor[]) : [null]).map((doctor) => ({
      value: `${option.deduction}:${doctor?.id ?? ''}`,
      label: `${option.date} ${option.item_name}${doctor ? ` · ${doctor.name}` : ''}`,
      deduction: option.deduction,
      item: option.item,
      itemName: option.item_name,
      doctor,
    })),
  );
  const staffChoices = staffOptions.map((member) => ({ value: member.id, label: member.name }));
  const roomChoices = (resources.data ?? [])
    .filter((resource) => resource.is_active)
    .map((resource) => ({ value: resource.id, label: `${resource.name}（${labels.resourceKind(resource.kind)}）` }));

  // Each line's length, so that moving its start moves its end with it.
  const durations = useRef(
    new Map(initialValues.lines.map((line, index) => [index, line.end && line.start ? line.end.diff(line.start, 'minute') : 0])),
  );
  const keepDurations = (changed: Partial<BookingValues>, all: BookingValues) => {
    (changed.lines ?? []).forEach((patch, index) => {
      const line = all.lines[index];
      if (!patch || !line) return;
      const known = durations.current.get(index);
      if (patch.start && known && !patch.end && line.start) {
        setLine(index, { end: line.start.add(known, 'minute') });
        return;
      }
      if (line.start && line.end && line.end.isAfter(line.start)) durations.current.set(index, line.end.diff(line.start, 'minute'));
    });
  };

  const setLine = (index: number, patch: Partial<BookingLineValues>) => {
    const lines = [...(form.getFieldValue('lines') as BookingLineValues[])];
    const line = { ...lines[index], ...patch };
    lines[index] = line;
    form.setFieldValue('lines', lines);
    if (line.start && line.end && line.end.isAfter(line.start)) durations.current.set(index, line.end.diff(line.start, 'minute'));
  };

  const submit = async (values: BookingValues, confirmWarnings = false) => {
    setProblem(null);
    setLineErrors({});
    setSaving(true);
    try {
      const saved = await createAppointment(toAppointmentInput(values, confirmWarnings));
      void message.success(t('pages.appointments.booking.saved', { number: saved.number }));
      await queryClient.invalidateQueries({ queryKey: appointmentKeys.all });
      onSaved(saved);
    } catch (error) {
      if (!(error instanceof ApiError) || (error.status !== 400 && error.status !== 409)) {
        reportError(error);
        return;
      }
      if (error.code === 'needs_confirmation') {
        const warnings = error.fields.warnings?.length ? error.fields.warnings : [error.message];
        modal.confirm({
          title: t('pages.appointments.warnings.title'),
          content: <WarningsList warnings={warnings} />,
          okText: t('pages.appointments.warnings.proceed'),
          cancelText: t('common.cancel'),
          onOk: () => submit(values, true),
        });
        return;
      }
      const { placed, lines, unplaced, existingCustomer } = splitFieldErrors(error.fields);
      if (placed.length) form.setFields(placed as Parameters<typeof form.setFields>[0]);
      setLineErrors(lines);
      const conflicts = error.fields.conflicts ?? [];
      setProblem({
        message: error.message || t('errors.unknown'),
        details: [...(conflicts.length > 1 ? conflicts : []), ...unplaced].filter((text) => text !== error.message),
        existingCustomer,
      });
      void message.error(error.message || t('errors.unknown'));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open
      title={t('pages.appointments.booking.title')}
      size={phone ? '100%' : 720}
      onClose={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      data-testid="booking-drawer"
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="booking-submit">
            {t('pages.appointments.booking.submit')}
          </Button>
        </Flex>
      }
    >
      <Form<BookingValues>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => void submit(values)}
        onValuesChange={keepDurations}
        scrollToFirstError
        requiredMark="optional"
      >
        <Form.Item name="customerMode" style={{ marginBottom: 12 }}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'existing', label: t('pages.appointments.booking.customer.existing') },
              { value: 'lead', label: t('pages.appointments.booking.customer.lead') },
            ]}
            data-testid="booking-customer-mode"
          />
        </Form.Item>
        {customerMode === 'lead' ? (
          <Flex gap={12} wrap>
            <Form.Item
              name="lead_name"
              label={t('pages.appointments.booking.lead.name')}
              rules={[{ required: true, whitespace: true, message: t('pages.appointments.booking.lead.nameRequired') }]}
              style={{ flex: '1 1 200px' }}
            >
              <Input maxLength={50} data-testid="booking-lead-name" />
            </Form.Item>
            <Form.Item
              name="lead_phone"
              label={t('pages.appointments.booking.lead.phone')}
              rules={[
                { required: true, message: t('pages.appointments.booking.lead.phoneRequired') },
                { pattern: PHONE_PATTERN, message: t('pages.appointments.booking.lead.phoneInvalid') },
              ]}
              style={{ flex: '1 1 200px' }}
            >
              <Input inputMode="numeric" maxLength={11} data-testid="booking-lead-phone" />
            </Form.Item>
          </Flex>
        ) : (
          <Form.Item
            name="customer"
            label={t('pages.appointments.booking.customer')}
            rules={[{ required: true, message: t('pages.appointments.booking.customerRequired') }]}
          >
            <CustomerSelect initialOption={prefill.customer ?? null} data-testid="booking-customer" />
          </Form.Item>
        )}
        <Flex gap={12} wrap>
          <Form.Item name="type" label={t('pages.appointments.field.type')} rules={[{ required: true }]} style={{ flex: '1 1 160px' }}>
            <Select options={APPOINTMENT_TYPES.map((value) => ({ value, label: labels.type(value) }))} data-testid="booking-type" />
          </Form.Item>
          <Form.Item name="source" label={t('pages.appointments.field.source')} style={{ flex: '1 1 160px' }}>
            <Select allowClear options={APPOINTMENT_SOURCES.map((value) => ({ value, label: labels.source(value) }))} data-testid="booking-source" />
          </Form.Item>
        </Flex>

        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {t('pages.appointments.booking.lines')}
        </Typography.Title>
        {problem && (
          <Alert
            type="error"
            showIcon
            title={problem.message}
            description={problem.details.length ? <WarningsList warnings={problem.details} /> : undefined}
            action={
              problem.existingCustomer ? (
                <Button
                  size="small"
                  onClick={() => {
                    form.setFieldsValue({ customerMode: 'existing', customer: problem.existingCustomer });
                    setProblem(null);
                  }}
                >
                  {t('pages.appointments.booking.useExisting')}
                </Button>
              ) : undefined
            }
            style={{ marginBottom: 12 }}
            data-testid="booking-error"
          />
        )}
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <Flex vertical gap={12}>
              {fields.map((field, index) => (
                <Card
                  key={field.key}
                  size="small"
                  title={t('pages.appointments.booking.lineTitle', { index: index + 1 })}
                  extra={
                    fields.length > 1 && (
                      <Button
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={t('common.delete')}
                        onClick={() => remove(field.name)}
                      />
                    )
                  }
                  data-testid={`booking-line-${index}`}
                >
                  {lineErrors[field.name] && (
                    <Alert type="error" showIcon title={lineErrors[field.name].join(' ')} style={{ marginBottom: 12 }} data-testid={`booking-line-${index}-error`} />
                  )}
                  <Flex gap={12} wrap>
                    <Form.Item
                      name={[field.name, 'item']}
                      label={t('pages.appointments.field.item')}
                      style={{ flex: '1 1 220px' }}
                      dependencies={[['type'], ['lines', field.name, 'title']]}
                      rules={[
                        ({ getFieldValue }) => ({
                          validator: (_, value) =>
                            value || getFieldValue(['lines', field.name, 'title'])?.trim()
                              ? Promise.resolve()
                              : Promise.reject(new Error(t('pages.appointments.booking.itemOrTitle'))),
                        }),
                      ]}
                    >
                      <ItemSelect
                        initialName={form.getFieldValue(['lines', field.name, 'itemName'])}
                        onPick={(item) => {
                          const line = (form.getFieldValue('lines') as BookingLineValues[])[index];
                          const end = endForDuration(line?.start, item?.duration_minutes);
                          setLine(index, { itemName: item?.name, ...(end ? { end } : {}) });
                        }}
                        data-testid={`booking-line-${index}-item`}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'title']} label={t('pages.appointments.field.title')} style={{ flex: '1 1 200px' }}>
                      <Input maxLength={100} placeholder={t('pages.appointments.booking.freeText.placeholder')} data-testid={`booking-line-${index}-title`} />
                    </Form.Item>
                  </Flex>
                  {type === 'recheck' && customerMode === 'existing' && (
                    <Form.Item label={t('pages.appointments.booking.recheck')} extra={t('pages.appointments.booking.recheckHelp')}>
                      <Select
                        allowClear
                        loading={rechecks.isFetching}
                        disabled={!customer}
                        placeholder={customer ? t('pages.appointments.booking.recheckPlaceholder') : t('pages.appointments.booking.customerFirst')}
                        notFoundContent={t('pages.appointments.booking.recheckNone')}
                        options={recheckChoices}
                        onChange={(_, option) => {
                          const choice = Array.isArray(option) ? undefined : (option as (typeof recheckChoices)[number] | undefined);
                          const line = (form.getFieldValue('lines') as BookingLineValues[])[index];
                          setLine(index, {
                            recheck_of: choice?.deduction ?? null,
                            ...(choice?.doctor ? { staff: choice.doctor.id } : {}),
                            // The re-check is of that treatment's item, unless the line names another.
                            ...(choice?.item && !line?.item ? { item: choice.item, itemName: choice.itemName } : {}),
                          });
                        }}
                        data-testid={`booking-line-${index}-recheck`}
                      />
                    </Form.Item>
                  )}
                  <Form.Item name={[field.name, 'recheck_of']} hidden>
                    <Input />
                  </Form.Item>
                  <Flex gap={12} wrap>
                    <Form.Item
                      name={[field.name, 'staff']}
                      label={t('pages.appointments.field.staff')}
                      rules={[{ required: true, message: t('pages.appointments.booking.staffRequired') }]}
                      style={{ flex: '1 1 180px' }}
                    >
                      <Select
                        showSearch={{ optionFilterProp: 'label' }}
                        options={staffChoices}
                        placeholder={t('pages.appointments.booking.staffPlaceholder')}
                        data-testid={`booking-line-${index}-staff`}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'resource']} label={t('pages.appointments.field.resource')} style={{ flex: '1 1 180px' }}>
                      <Select
                        allowClear
                        loading={resources.isPending}
                        options={roomChoices}
                        placeholder={t('pages.appointments.booking.resourcePlaceholder')}
                        data-testid={`booking-line-${index}-resource`}
                      />
                    </Form.Item>
                  </Flex>
                  <Flex gap={12} wrap>
                      <Form.Item
                        name={[field.name, 'date']}
                        label={t('pages.appointments.field.date')}
                        rules={[{ required: true, message: t('pages.appointments.booking.dateRequired') }]}
                        style={{ flex: '1 1 150px' }}
                      >
                        <DatePicker allowClear={false} style={{ width: '100%' }} data-testid={`booking-line-${index}-date`} />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'start']}
                        label={t('pages.appointments.field.start')}
                        rules={[{ required: true, message: t('pages.appointments.booking.startRequired') }]}
                        style={{ flex: '1 1 110px' }}
                      >
                        <TimePicker
                          format="HH:mm"
                          minuteStep={5}
                          needConfirm={false}
                          allowClear={false}
                          style={{ width: '100%' }}
                          data-testid={`booking-line-${index}-start`}
                        />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'end']}
                        label={t('pages.appointments.field.end')}
                        dependencies={[['lines', field.name, 'start']]}
                        rules={[
                          { required: true, message: t('pages.appointments.booking.endRequired') },
                          ({ getFieldValue }) => ({
                            validator: (_, value) => {
                              const start = getFieldValue(['lines', field.name, 'start']);
                              return !value || !start || value.isAfter(start)
                                ? Promise.resolve()
                                : Promise.reject(new Error(t('pages.appointments.booking.endAfterStart')));
                            },
                          }),
                        ]}
                        style={{ flex: '1 1 110px' }}
                      >
                        <TimePicker
                          format="HH:mm"
                          minuteStep={5}
                          needConfirm={false}
                          allowClear={false}
                          style={{ width: '100%' }}
                          data-testid={`booking-line-${index}-end`}
                        />
                      </Form.Item>
                  </Flex>
                </Card>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => {
                  const lines = form.getFieldValue('lines') as BookingLineValues[];
                  add(nextLine(lines[lines.length - 1]));
                }}
                data-testid="booking-add-line"
              >
                {t('pages.appointments.booking.addLine')}
              </Button>
            </Flex>
          )}
        </Form.List>
        <Form.Item name="note" label={t('pages.appointments.field.note')} style={{ marginTop: 16 }}>
          <Input.TextArea rows={2} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
