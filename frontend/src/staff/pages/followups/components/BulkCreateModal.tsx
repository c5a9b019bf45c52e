import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, AutoComplete, DatePicker, Form, Input, Radio } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';

import { FormModal } from '../../../components/FormModal';
import { useAccess, useMe } from '../../../session/useMe';
import { applyFieldErrors } from '../../../utils/formErrors';
import { clinicNow } from '../../../utils/time';
import { StaffSelect } from '../../customers/shared/StaffSelect';
import { bulkCreateTasks, followupKeys } from '../service';
import type { AssigneeMode, TaskMethod } from '../types';
import { MethodRadio, PURPOSE_KEYS } from './fields';
import { useFollowupLabels } from './labels';

interface BulkValues {
  assignee_mode: AssigneeMode;
  assignee?: number | null;
  due_on: Dayjs;
  method: TaskMethod;
  purpose: string;
  script?: string;
}

/** Who gets a bulk-created task: each customer's own consultant, or one named member of staff. */
const BULK_MODES: AssigneeMode[] = ['owning_consultant', 'online_consultant', 'named'];

interface BulkCreateModalProps {
  ids: number[];
  onClose: () => void;
  /** After the tasks were created: the selection is done with. */
  onDone: () => void;
}

/** 批量建回访 for the customers selected in the customer list. */
export function BulkCreateModal({ ids, onClose, onDone }: BulkCreateModalProps) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const labels = useFollowupLabels();
  const access = useAccess();
  const { data: me } = useMe();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<BulkValues>();
  const mode = Form.useWatch('assignee_mode', form);

  const save = useMutation({
    mutationFn: (values: BulkValues) =>
      bulkCreateTasks({
        customers: ids,
        assignee_mode: values.assignee_mode,
        assignee: values.assignee_mode === 'named' ? (values.assignee ?? null) : null,
        due_on: values.due_on.format('YYYY-MM-DD'),
        method: values.method,
        purpose: values.purpose.trim(),
        script: values.script?.trim() ?? '',
      }),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: followupKeys.all });
      onDone();
      onClose();
      if (result.skipped > 0) {
        modal.info({
          title: t('pages.followups.bulk.done', { created: result.created }),
          content: t('pages.followups.bulk.skipped', { count: result.skipped }),
          okText: t('common.confirm'),
        });
      } else {
        void message.success(t('pages.followups.bulk.done', { created: result.created }));
      }
    },
    onError: (error) => applyFieldErrors(form, error),
  });

  return (
    <FormModal<BulkValues>
      title={t('pages.followups.bulk.title', { count: ids.length })}
      form={form}
      saving={save.isPending}
      onSubmit={(values) => save.mutate(values)}
      onClose={onClose}
      initialValues={{
        assignee_mode: 'owning_consultant',
        assignee: me?.id,
        due_on: clinicNow().startOf('day'),
        method: 'phone',
      }}
    >
      <Alert type="info" showIcon title={t('pages.followups.bulk.hint')} style={{ marginBottom: 16 }} />
      <Form.Item name="assignee_mode" label={t('pages.followups.field.assignee')}>
        <Radio.Group
          options={BULK_MODES.filter((value) => value !== 'named' || access.canAssignFollowup).map((value) => ({ value, label: labels.assigneeMode(value) }))}
          data-testid="bulk-assignee-mode"
        />
      </Form.Item>
      {mode === 'named' && (
        <Form.Item name="assignee" label={t('pages.followups.field.assignee.named')} rules={[{ required: true, message: t('pages.followups.field.assignee.required') }]}>
          <StaffSelect position="" initialOptions={me ? [{ id: me.id, name: me.name }] : []} />
        </Form.Item>
      )}
      <Form.Item name="due_on" label={t('pages.followups.field.dueOn')} rules={[{ required: true, message: t('pages.followups.field.dueOn.required') }]}>
        <DatePicker style={{ width: '100%' }} disabledDate={(day) => day.isBefore(clinicNow(), 'day')} />
      </Form.Item>
      <Form.Item name="method" label={t('pages.followups.field.method')} rules={[{ required: true }]}>
        <MethodRadio />
      </Form.Item>
      <Form.Item name="purpose" label={t('pages.followups.field.purpose')} rules={[{ required: true, whitespace: true, message: t('pages.followups.field.purpose.required') }]}>
        <AutoComplete options={PURPOSE_KEYS.map((key) => ({ value: t(key) }))}>
          <Input maxLength={100} placeholder={t('pages.followups.field.purpose.placeholder')} data-testid="bulk-purpose" />
        </AutoComplete>
      </Form.Item>
      <Form.Item name="script" label={t('pages.followups.field.script')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} placeholder={t('pages.followups.field.script.placeholder')} />
      </Form.Item>
    </FormModal>
  );
}
