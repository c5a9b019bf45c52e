import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

import { FormModal } from '../../../components/FormModal';
import { applyFieldErrors } from '../../../utils/formErrors';
import { reverseDeduction, type Deduction } from '../service';

interface ReverseValues {
  reason: string;
}

/** 冲正: gives the sessions and their value back, with a reason kept on the record; done once. */
export function ReverseDeductionModal({ deduction, onClose }: { deduction: Deduction; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ReverseValues>();
  const reverse = useMutation({
    mutationFn: ({ reason }: ReverseValues) => reverseDeduction(deduction.id, reason.trim()),
    onSuccess: async () => {
      void message.success(t('pages.treatment.reverse.done', { number: deduction.number }));
      // Sessions, figures and the timeline all changed: refresh sales data and the 360° view.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['sales'] }),
        queryClient.invalidateQueries({ queryKey: ['customers'] }),
      ]);
      onClose();
    },
    onError: (error) => applyFieldErrors(form, error),
  });
  return (
    <FormModal<ReverseValues>
      title={t('pages.treatment.reverse.title', { number: deduction.number })}
      form={form}
      saving={reverse.isPending}
      onSubmit={(values) => reverse.mutate(values)}
      onClose={onClose}
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title={t('pages.treatment.reverse.warning', {
          customer: deduction.customer.name,
          item: deduction.item_name,
          quantity: deduction.quantity,
        })}
      />
      <Form.Item
        name="reason"
        label={t('pages.treatment.reverse.reason')}
        rules={[{ required: true, whitespace: true, message: t('pages.treatment.reverse.reasonRequired') }]}
      >
        <Input.TextArea rows={3} maxLength={200} showCount data-testid="reverse-reason" />
      </Form.Item>
    </FormModal>
  );
}
