import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, DatePicker, Flex, Form, Input, Radio, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';

import { FormModal } from '../../../components/FormModal';
import { useAccess, useMe } from '../../../session/useMe';
import { applyFieldErrors } from '../../../utils/formErrors';
import { clinicNow } from '../../../utils/time';
import { StaffSelect } from '../../customers/shared/StaffSelect';
import { bulkCreateTasks, followupKeys } from '../service';
import type { AssigneeMode, TaskMethod } from '../types';
import { MethodRadio, PoolSelect, PurposeInput } from './fields';
import { useFollowupLabels } from './labels';

interface BulkValues {
  assignee_mode: AssigneeMode;
  assignee?: number | null;
  pool?: number | null;
  due_on: Dayjs;
  method: TaskMethod;
  purpose: string;
  script?: string;
}

/** Who gets a bulk-created task: each customer's own consultant, the user, a named member of staff or a pool. */
const BULK_MODES: AssigneeMode[] = ['owning_consultant', 'online_consultant', 'operator', 'named', 'pool'];
/** Giving tasks to someone else by name or to a pool is reassigning work: it needs the assign code. */
const ASSIGNING: AssigneeMode[] = ['named', 'pool'];

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
        pool: values.assignee_mode === 'pool' ? (values.pool ?? null) : null,
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
          content: (
            <Flex vertical gap={4} data-testid="bulk-skipped">
              <span>{t('pages.followups.bulk.skipped', { count: result.skipped })}</span>
              {Object.entries(result.skipped_reasons).map(([reason, count]) => (
                <Typography.Text key={reason} type="secondary">
                  {t('pages.followups.bulk.skippedReason', { reason, count })}
                </Typography.Text>
              ))}
            </Flex>
          ),
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
          options={BULK_MODES.filter((value) => !ASSIGNING.includes(value) || access.canAssignFollowup).map((value) => ({
            value,
            label: value === 'operator' ? t('pages.followups.bulk.toMe') : labels.assigneeMode(value),
          }))}
          data-testid="bulk-assignee-mode"
        />
      </Form.Item>
      {mode === 'named' && (
        <Form.Item name="assignee" label={t('pages.followups.field.assignee.named')} rules={[{ required: true, message: t('pages.followups.field.assignee.required') }]}>
          <StaffSelect position="" initialOptions={me ? [{ id: me.id, name: me.name }] : []} />
        </Form.Item>
      )}
      {mode === 'pool' && (
        <Form.Item name="pool" label={t('pages.followups.field.pool')} rules={[{ required: true, message: t('pages.followups.field.pool.required') }]}>
          <PoolSelect />
        </Form.Item>
      )}
      <Form.Item name="due_on" label={t('pages.followups.field.dueOn')} rules={[{ required: true, message: t('pages.followups.field.dueOn.required') }]}>
        <DatePicker style={{ width: '100%' }} disabledDate={(day) => day.isBefore(clinicNow(), 'day')} data-testid="bulk-due-on" />
      </Form.Item>
      <Form.Item name="method" label={t('pages.followups.field.method')} rules={[{ required: true }]}>
        <MethodRadio />
      </Form.Item>
      <Form.Item name="purpose" label={t('pages.followups.field.purpose')} rules={[{ required: true, whitespace: true, message: t('pages.followups.field.purpose.required') }]}>
        <PurposeInput data-testid="bulk-purpose" />
      </Form.Item>
      <Form.Item name="script" label={t('pages.followups.field.script')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} placeholder={t('pages.followups.field.script.placeholder')} />
      </Form.Item>
    </FormModal>
  );
}
