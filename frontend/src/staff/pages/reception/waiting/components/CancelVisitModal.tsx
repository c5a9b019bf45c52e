import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Flex, Form, Input, Tag } from 'antd';
import { useTranslation } from 'react-i18next';

import { FormModal } from '../../../../components/FormModal';
import { applyFieldErrors } from '../../../../utils/formErrors';
import { cancelVisit, visitKeys, type Visit } from '../../shared/visitService';

const QUICK_REASONS = ['pages.reception.cancel.reason.mistake', 'pages.reception.cancel.reason.leftEarly'] as const;

/** 取消到访: only while waiting with nothing recorded; the server rolls the customer's visit figures back. */
export function CancelVisitModal({ visit, onClose }: { visit: Visit; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const save = useMutation({
    mutationFn: ({ reason }: { reason: string }) => cancelVisit(visit.id, reason.trim()),
    onSuccess: async () => {
      void message.success(t('pages.reception.cancel.done'));
      await queryClient.invalidateQueries({ queryKey: visitKeys.all });
      onClose();
    },
    onError: (error) => applyFieldErrors(form, error),
  });
  return (
    <FormModal<{ reason: string }>
      title={t('pages.reception.cancel.title', { name: visit.customer.name })}
      form={form}
      saving={save.isPending}
      onSubmit={(values) => save.mutate(values)}
      onClose={onClose}
    >
      <Form.Item name="reason" label={t('pages.reception.cancel.reason')} rules={[{ required: true, whitespace: true }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={200} showCount />
      </Form.Item>
      <Flex wrap gap={8} style={{ marginTop: -8 }}>
        {QUICK_REASONS.map((key) => (
          <Tag.CheckableTag key={key} checked={false} onChange={() => form.setFieldValue('reason', t(key))}>
            {t(key)}
          </Tag.CheckableTag>
        ))}
      </Flex>
    </FormModal>
  );
}
