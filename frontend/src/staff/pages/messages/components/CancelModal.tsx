import { Form, Input, Modal, type ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';

interface CancelModalProps {
  open: boolean;
  loading: boolean;
  onOk: (reason: string) => void;
  onCancel: () => void;
}

/** Asks why a message is withdrawn (the reason is kept on the message and in the audit log). */
export function CancelModal({ open, loading, onOk, onCancel }: CancelModalProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal
      open={open}
      title={t('pages.messages.cancel.title')}
      okText={t('pages.messages.cancel.ok')}
      okButtonProps={{ danger: true, loading, 'data-testid': 'message-cancel-ok' } as ButtonProps}
      onOk={() => void form.validateFields().then((values) => onOk(values.reason.trim()))}
      onCancel={onCancel}
      afterClose={() => form.resetFields()}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label={t('pages.messages.cancel.reason')}
          rules={[{ required: true, whitespace: true, message: t('pages.messages.cancel.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={200} showCount data-testid="message-cancel-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
