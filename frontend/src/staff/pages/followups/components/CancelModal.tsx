import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

import { FormModal } from '../../../components/FormModal';
import { applyFieldErrors } from '../../../utils/formErrors';
import { cancelTask, followupKeys } from '../service';
import type { FollowUpTask } from '../types';

/** 取消回访, with the reason (kept with the task and in the audit log). */
export function CancelModal({ task, onClose }: { task: FollowUpTask; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const save = useMutation({
    mutationFn: ({ reason }: { reason: string }) => cancelTask(task.id, reason.trim()),
    onSuccess: async () => {
      void message.success(t('pages.followups.cancel.done'));
      await queryClient.invalidateQueries({ queryKey: followupKeys.all });
      onClose();
    },
    onError: (error) => applyFieldErrors(form, error),
  });
  return (
    <FormModal<{ reason: string }>
      title={t('pages.followups.cancel.title', { name: task.customer.name })}
      form={form}
      saving={save.isPending}
      onSubmit={(values) => save.mutate(values)}
      onClose={onClose}
    >
      <Form.Item name="reason" label={t('pages.followups.field.reason')} rules={[{ required: true, whitespace: true, message: t('pages.followups.field.reason.required') }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={200} data-testid="cancel-reason" />
      </Form.Item>
    </FormModal>
  );
}
