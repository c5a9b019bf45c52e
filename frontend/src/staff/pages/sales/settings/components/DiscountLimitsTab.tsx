import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Popconfirm, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { api, unwrap } from '@/api/client';

import { applyFieldErrors } from '../../../../utils/formErrors';
import { discountRateOf } from '../../../../utils/money';
import { useRateLabel } from '../../components/labels';
import { createDiscountLimit, deleteDiscountLimit, listDiscountLimits, salesKeys, updateDiscountLimit, type DiscountLimit } from '../../service';

/** 折扣权限: the lowest manual rate each role may give; a role without a row gives none. */
export function DiscountLimitsTab({ canManage, canListRoles }: { canManage: boolean; canListRoles: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rate = useRateLabel();
  const queryClient = useQueryClient();
  const limits = useQuery({ queryKey: salesKeys.limits, queryFn: listDiscountLimits });
  const roles = useQuery({
    queryKey: ['sales', 'roles'],
    queryFn: () => unwrap(api.GET('/api/v1/roles/', { params: { query: { page_size: 100 } } })),
    enabled: canManage && canListRoles,
  });
  const [editing, setEditing] = useState<DiscountLimit | 'new' | null>(null);
  const [form] = Form.useForm<{ role?: number; min_rate: string }>();
  const refresh = () => queryClient.invalidateQueries({ queryKey: salesKeys.limits });

  const save = useMutation({
    mutationFn: (values: { role?: number; min_rate: string }) => {
      const minRate = discountRateOf(values.min_rate) ?? values.min_rate;
      return editing === 'new'
        ? createDiscountLimit({ role: values.role as number, min_rate: minRate })
        : updateDiscountLimit((editing as DiscountLimit).id, { min_rate: minRate });
    },
    onSuccess: async () => {
      void message.success(t('common.saved'));
      setEditing(null);
      await refresh();
    },
    onError: (error) => applyFieldErrors(form, error),
  });
  const remove = useMutation({ mutationFn: deleteDiscountLimit, onSuccess: refresh });
  const roleRows = roles.data ? ('results' in roles.data ? roles.data.results : roles.data) : [];

  return (
    <>
      {canManage && canListRoles && (
        <Button icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => setEditing('new')}>
          {t('pages.sales.settings.addLimit')}
        </Button>
      )}
      <Table<DiscountLimit>
        rowKey="id"
        size="middle"
        loading={limits.isFetching}
        dataSource={limits.data ?? []}
        pagination={false}
        columns={[
          { title: t('pages.sales.settings.role'), dataIndex: 'role_name' },
          { title: t('pages.sales.settings.minRate'), render: (_, row) => rate(row.min_rate) },
          ...(canManage
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, row: DiscountLimit) => (
                    <Space>
                      <Button size="small" onClick={() => setEditing(row)}>
                        {t('common.edit')}
                      </Button>
                      <Popconfirm title={t('pages.sales.settings.deleteLimit')} onConfirm={() => remove.mutate(row.id)}>
                        <Button size="small" danger>
                          {t('common.delete')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && (
        <Modal
          open
          title={t(editing === 'new' ? 'pages.sales.settings.addLimit' : 'pages.sales.settings.editLimit')}
          onCancel={() => setEditing(null)}
          onOk={() => form.submit()}
          confirmLoading={save.isPending}
          destroyOnHidden
        >
          <Form
            form={form}
            layout="vertical"
            preserve={false}
            initialValues={editing === 'new' ? {} : { min_rate: editing.min_rate }}
            onFinish={(values) => save.mutate(values)}
          >
            {editing === 'new' && (
              <Form.Item name="role" label={t('pages.sales.settings.role')} rules={[{ required: true }]}>
                <Select showSearch={{ optionFilterProp: 'label' }} options={roleRows.map((role) => ({ value: role.id, label: role.name }))} />
              </Form.Item>
            )}
            <Form.Item name="min_rate" label={t('pages.sales.settings.minRate')} extra={t('pages.sales.settings.minRateHelp')} rules={[{ required: true }]}>
              <Input inputMode="decimal" />
            </Form.Item>
          </Form>
        </Modal>
      )}
    </>
  );
}
