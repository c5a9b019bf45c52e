import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Radio } from 'antd';
import { useTranslation } from 'react-i18next';

import { FormModal } from '../../../components/FormModal';
import { applyFieldErrors } from '../../../utils/formErrors';
import { StaffSelect } from '../../customers/shared/StaffSelect';
import { followupKeys, reassignTask } from '../service';
import type { FollowUpTask } from '../types';
import { PoolSelect } from './fields';

interface ReassignValues {
  target: 'staff' | 'pool';
  assignee?: number | null;
  pool?: number | null;
  reason: string;
}

/** 改派: to another member of staff in the user's scope, or to a pool; the reason is kept with the task. */
export function ReassignModal({ task, onClose }: { task: FollowUpTask; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ReassignValues>();
  const target = Form.useWatch('target', form) ?? 'staff';
  const save = useMutation({
    mutationFn: (values: ReassignValues) =>
      reassignTask(
        task.id,
        values.target === 'pool' ? { pool: values.pool ?? null, reason: values.reason.trim() } : { assignee: values.assignee ?? null, reason: values.reason.trim() },
      ),
    onSuccess: async () => {
      void message.success(t('pages.followups.reassign.done'));
      await queryClient.invalidateQueries({ queryKey: followupKeys.all });
      onClose();
    },
    onError: (error) => applyFieldErrors(form, error),
  });

  return (
    <FormModal<ReassignValues>
      title={t('pages.followups.reassign.title', { name: task.customer.name })}
      form={form}
      saving={save.isPending}
      onSubmit={(values) => save.mutate(values)}
      onClose={onClose}
      initialValues={{ target: 'staff' }}
    >
      <Form.Item name="target" label={t('pages.followups.field.target')}>
        <Radio.Group
          optionType="button"
          options={[
            { value: 'staff', label: t('pages.followups.field.target.staff') },
            { value: 'pool', label: t('pages.followups.field.target.pool') },
          ]}
        />
      </Form.Item>
      {target === 'pool' ? (
        <Form.Item name="pool" label={t('pages.followups.field.pool')} rules={[{ required: true, message: t('pages.followups.field.pool.required') }]}>
          <PoolSelect />
        </Form.Item>
      ) : (
        <Form.Item name="assignee" label={t('pages.followups.reassign.to')} rules={[{ required: true, message: t('pages.followups.field.assignee.required') }]}>
          <StaffSelect position="" />
        </Form.Item>
      )}
      <Form.Item name="reason" label={t('pages.followups.field.reason')} rules={[{ required: true, whitespace: true, message: t('pages.followups.field.reason.required') }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={200} data-testid="reassign-reason" />
      </Form.Item>
    </FormModal>
  );
}
