import { Alert, Form, Input, Modal, Segmented } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useRateLabel } from '../../../components/labels';

export type ApprovalChoice =
  | { approver_username: string; approver_password: string }
  | { request_approval: true; approval_reason: string };

interface ApprovalModalProps {
  open: boolean;
  lowestRate: string | null;
  myLimit: string | null;
  saving: boolean;
  onCancel: () => void;
  onSubmit: (choice: ApprovalChoice) => void;
}

/** A discount beyond the user's limit: a supervisor signs it off here and now, or it goes for approval. */
export function ApprovalModal({ open, lowestRate, myLimit, saving, onCancel, onSubmit }: ApprovalModalProps) {
  const { t } = useTranslation();
  const rate = useRateLabel();
  const [mode, setMode] = useState<'supervisor' | 'request'>('supervisor');
  const [form] = Form.useForm<{ username?: string; password?: string; reason?: string }>();

  return (
    <Modal
      open={open}
      title={t('pages.sales.order.approval.title')}
      okText={t(mode === 'supervisor' ? 'pages.sales.order.approval.authorize' : 'pages.sales.order.approval.request')}
      confirmLoading={saving}
      onCancel={onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
      data-testid="approval-modal"
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title={t('pages.sales.order.approval.explain', { rate: rate(lowestRate), limit: rate(myLimit) })}
      />
      <Segmented
        block
        value={mode}
        onChange={(next) => setMode(next as 'supervisor' | 'request')}
        options={[
          { value: 'supervisor', label: t('pages.sales.order.approval.supervisor') },
          { value: 'request', label: t('pages.sales.order.approval.requestTab') },
        ]}
        style={{ marginBottom: 16 }}
      />
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={(values) =>
          onSubmit(
            mode === 'supervisor'
              ? { approver_username: values.username?.trim() ?? '', approver_password: values.password ?? '' }
              : { request_approval: true, approval_reason: values.reason?.trim() ?? '' },
          )
        }
      >
        {mode === 'supervisor' ? (
          <>
            <Form.Item name="username" label={t('pages.sales.order.approval.username')} rules={[{ required: true }]}>
              <Input autoComplete="off" data-testid="approver-username" />
            </Form.Item>
            <Form.Item name="password" label={t('pages.sales.order.approval.password')} rules={[{ required: true }]}>
              <Input.Password autoComplete="new-password" data-testid="approver-password" />
            </Form.Item>
          </>
        ) : (
          <>
            <Form.Item name="reason" label={t('pages.sales.order.approval.reason')}>
              <Input.TextArea maxLength={200} autoSize={{ minRows: 2 }} />
            </Form.Item>
            <Alert type="info" title={t('pages.sales.order.approval.requestHint')} />
          </>
        )}
      </Form>
    </Modal>
  );
}
