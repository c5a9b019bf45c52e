import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';

import { applyFieldErrors } from '../../../../utils/formErrors';
import { salesKeys, voidOrder } from '../../service';

/** 作废: only an order nothing was paid on; the reason is kept on the order. */
export function VoidModal({ order, onClose }: { order: { id: number; number: string }; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const save = useMutation({
    mutationFn: ({ reason }: { reason: string }) => voidOrder(order.id, reason.trim()),
    onSuccess: async () => {
      void message.success(t('pages.sales.void.done'));
      await queryClient.invalidateQueries({ queryKey: salesKeys.orders });
      onClose();
    },
    onError: (error) => applyFieldErrors(form, error),
  });
  return (
    <Modal
      open
      title={t('pages.sales.void.title', { number: order.number })}
      okButtonProps={{ danger: true }}
      okText={t('pages.sales.void.submit')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(values) => save.mutate(values)}>
        <Form.Item name="reason" label={t('pages.sales.void.reason')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea maxLength={200} autoSize={{ minRows: 2 }} data-testid="void-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
