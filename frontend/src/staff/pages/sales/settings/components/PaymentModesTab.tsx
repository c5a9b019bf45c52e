import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, InputNumber, Modal, Select, Switch, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { applyFieldErrors } from '../../../../utils/formErrors';
import { createPaymentMode, salesKeys, updatePaymentMode, usePaymentModes, type ModeKind, type PaymentMode, type PaymentModeInput } from '../../service';

const KINDS: ModeKind[] = ['cash', 'wechat', 'alipay', 'bank_card', 'stored_value', 'deposit', 'debt', 'other'];

/** 收款方式: renamed, reordered, switched off; never deleted (payments point at them); the kind is fixed. */
export function PaymentModesTab({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const modes = usePaymentModes();
  const [editing, setEditing] = useState<PaymentMode | 'new' | null>(null);
  const [form] = Form.useForm<PaymentModeInput>();

  const save = useMutation({
    mutationFn: (values: PaymentModeInput) =>
      editing === 'new' ? createPaymentMode(values) : updatePaymentMode((editing as PaymentMode).id, { ...values, kind: undefined }),
    onSuccess: async () => {
      void message.success(t('common.saved'));
      setEditing(null);
      await queryClient.invalidateQueries({ queryKey: salesKeys.modes });
    },
    onError: (error) => applyFieldErrors(form, error),
  });
  const toggle = useMutation({
    mutationFn: (mode: PaymentMode) => updatePaymentMode(mode.id, { is_active: !mode.is_active }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: salesKeys.modes }),
  });

  return (
    <>
      {canManage && (
        <Button icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => setEditing('new')}>
          {t('pages.sales.settings.addMode')}
        </Button>
      )}
      <Table<PaymentMode>
        rowKey="id"
        size="middle"
        loading={modes.isFetching}
        dataSource={modes.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('pages.sales.settings.modeCode'), dataIndex: 'code' },
          { title: t('pages.sales.settings.modeName'), dataIndex: 'name' },
          { title: t('pages.sales.settings.modeKind'), render: (_, row) => t(`pages.sales.modeKind.${row.kind as ModeKind}`) },
          { title: t('pages.sales.settings.needsReference'), render: (_, row) => (row.needs_reference ? t('pages.sales.yes') : t('pages.sales.no')) },
          { title: t('pages.sales.settings.sort'), dataIndex: 'sort' },
          {
            title: t('common.status'),
            render: (_, row) => <Switch checked={row.is_active} disabled={!canManage} loading={toggle.isPending && toggle.variables?.id === row.id} onChange={() => toggle.mutate(row)} />,
          },
          ...(canManage
            ? [{ title: t('common.actions'), key: 'edit', render: (_: unknown, row: PaymentMode) => <Button size="small" onClick={() => setEditing(row)}>{t('common.edit')}</Button> }]
            : []),
        ]}
      />
      {editing && (
        <Modal
          open
          title={t(editing === 'new' ? 'pages.sales.settings.addMode' : 'pages.sales.settings.editMode')}
          onCancel={() => setEditing(null)}
          onOk={() => form.submit()}
          confirmLoading={save.isPending}
          destroyOnHidden
        >
          <Form
            form={form}
            layout="vertical"
            preserve={false}
            initialValues={editing === 'new' ? { kind: 'other', needs_reference: false, is_active: true, sort: 100 } : editing}
            onFinish={(values) => save.mutate(values)}
          >
            <Form.Item name="code" label={t('pages.sales.settings.modeCode')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={32} />
            </Form.Item>
            <Form.Item name="name" label={t('pages.sales.settings.modeName')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={32} />
            </Form.Item>
            <Form.Item name="kind" label={t('pages.sales.settings.modeKind')} rules={[{ required: true }]}>
              <Select disabled={editing !== 'new'} options={KINDS.map((kind) => ({ value: kind, label: t(`pages.sales.modeKind.${kind}`) }))} />
            </Form.Item>
            <Form.Item name="needs_reference" label={t('pages.sales.settings.needsReference')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item name="sort" label={t('pages.sales.settings.sort')}>
              <InputNumber min={0} max={32767} precision={0} />
            </Form.Item>
          </Form>
        </Modal>
      )}
    </>
  );
}
