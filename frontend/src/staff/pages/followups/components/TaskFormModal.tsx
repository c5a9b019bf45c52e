import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, DatePicker, Form, Input, Radio, TimePicker } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';

import { FormModal } from '../../../components/FormModal';
import { useAccess, useMe } from '../../../session/useMe';
import { applyFieldErrors } from '../../../utils/formErrors';
import { clinicNow } from '../../../utils/time';
import { CustomerSelect } from '../../customers/shared/CustomerSelect';
import { StaffSelect } from '../../customers/shared/StaffSelect';
import { createTask, followupKeys } from '../service';
import type { TaskInput, TaskMethod } from '../types';
import { MethodRadio, PoolSelect, PurposeInput } from './fields';

interface TaskFormValues {
  customer: number;
  target: 'staff' | 'pool';
  assignee?: number | null;
  pool?: number | null;
  due_on: Dayjs;
  due_at?: Dayjs | null;
  method: TaskMethod;
  purpose: string;
  script?: string;
}

interface TaskFormModalProps {
  /** Opened from a customer's 360° view: the customer is fixed. */
  customer?: { id: number; name: string };
  onClose: () => void;
}

/** 新建回访: a follow-up planned by hand for one customer. */
export function TaskFormModal({ customer, onClose }: TaskFormModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const access = useAccess();
  const { data: me } = useMe();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<TaskFormValues>();
  const target = Form.useWatch('target', form) ?? 'staff';

  const save = useMutation({
    mutationFn: (values: TaskFormValues) => {
      const body: TaskInput = {
        customer: values.customer,
        due_on: values.due_on.format('YYYY-MM-DD'),
        due_at: values.due_at ? values.due_at.format('HH:mm') : null,
        method: values.method,
        purpose: values.purpose.trim(),
        script: values.script?.trim() ?? '',
      };
      if (values.target === 'pool') body.pool = values.pool ?? null;
      else body.assignee = values.assignee ?? null;
      return createTask(body);
    },
    onSuccess: async () => {
      void message.success(t('pages.followups.create.done'));
      await queryClient.invalidateQueries({ queryKey: followupKeys.all });
      onClose();
    },
    onError: (error) => applyFieldErrors(form, error),
  });

  return (
    <FormModal<TaskFormValues>
      title={customer ? t('pages.followups.create.titleFor', { name: customer.name }) : t('pages.followups.create')}
      form={form}
      saving={save.isPending}
      onSubmit={(values) => save.mutate(values)}
      onClose={onClose}
      initialValues={{
        customer: customer?.id,
        target: 'staff',
        assignee: me?.id,
        due_on: clinicNow().startOf('day'),
        method: 'phone',
      }}
    >
      <Form.Item name="customer" label={t('pages.followups.field.customer')} rules={[{ required: true, message: t('pages.followups.field.customer.required') }]} hidden={Boolean(customer)}>
        <CustomerSelect data-testid="followup-customer" />
      </Form.Item>
      {access.canAssignFollowup && (
        <Form.Item name="target" label={t('pages.followups.field.target')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'staff', label: t('pages.followups.field.target.staff') },
              { value: 'pool', label: t('pages.followups.field.target.pool') },
            ]}
          />
        </Form.Item>
      )}
      {target === 'pool' ? (
        <Form.Item name="pool" label={t('pages.followups.field.pool')} rules={[{ required: true, message: t('pages.followups.field.pool.required') }]}>
          <PoolSelect />
        </Form.Item>
      ) : (
        <Form.Item name="assignee" label={t('pages.followups.field.assignee')} rules={[{ required: true, message: t('pages.followups.field.assignee.required') }]}>
          <StaffSelect position="" initialOptions={me ? [{ id: me.id, name: me.name }] : []} disabled={!access.canAssignFollowup} />
        </Form.Item>
      )}
      <Form.Item label={t('pages.followups.field.due')} required style={{ marginBottom: 0 }}>
        <Form.Item name="due_on" rules={[{ required: true, message: t('pages.followups.field.dueOn.required') }]} style={{ display: 'inline-block', width: 'calc(60% - 4px)' }}>
          <DatePicker style={{ width: '100%' }} disabledDate={(day) => day.isBefore(clinicNow(), 'day')} data-testid="followup-due-on" />
        </Form.Item>
        <Form.Item name="due_at" style={{ display: 'inline-block', width: 'calc(40% - 4px)', marginInlineStart: 8 }}>
          <TimePicker format="HH:mm" minuteStep={5} style={{ width: '100%' }} placeholder={t('pages.followups.field.dueAt')} needConfirm={false} />
        </Form.Item>
      </Form.Item>
      <Form.Item name="method" label={t('pages.followups.field.method')} rules={[{ required: true }]}>
        <MethodRadio />
      </Form.Item>
      <Form.Item name="purpose" label={t('pages.followups.field.purpose')} rules={[{ required: true, whitespace: true, message: t('pages.followups.field.purpose.required') }]}>
        <PurposeInput data-testid="followup-purpose" />
      </Form.Item>
      <Form.Item name="script" label={t('pages.followups.field.script')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} placeholder={t('pages.followups.field.script.placeholder')} />
      </Form.Item>
    </FormModal>
  );
}
