import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Descriptions, Form, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { CustomerSelect } from '../../shared/CustomerSelect';
import { useCustomerLabels } from '../../shared/labels';
import { customerKeys, mergeCustomers, type Customer, type CustomerRow } from '../../shared/service';

/**
 * Merges a duplicate file into this one. The duplicate is picked by search and shown back before the
 * second, explicit confirmation, because a merge cannot be undone.
 */
export function MergeModal({ target, onClose }: { target: Customer; onClose: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const labels = useCustomerLabels();
  const queryClient = useQueryClient();
  const [source, setSource] = useState<CustomerRow | null>(null);
  const [missing, setMissing] = useState(false);

  const merge = useMutation({
    mutationFn: (picked: CustomerRow) => mergeCustomers(target.id, picked.id),
    onSuccess: async () => {
      void message.success(t('pages.customers.merge.done'));
      await queryClient.invalidateQueries({ queryKey: customerKeys.all });
      onClose();
    },
  });

  const confirm = () => {
    if (!source) {
      setMissing(true);
      return;
    }
    modal.confirm({
      title: t('pages.customers.merge.confirm', { source: `${source.name}（#${source.id}）`, target: `${target.name}（#${target.id}）` }),
      content: t('pages.customers.merge.confirm.detail'),
      okText: t('pages.customers.merge.ok'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => merge.mutateAsync(source).catch(() => undefined),
    });
  };

  return (
    <Modal
      open
      title={t('pages.customers.merge.title')}
      okText={t('pages.customers.merge.ok')}
      okButtonProps={{ danger: true, disabled: !source }}
      cancelText={t('common.cancel')}
      confirmLoading={merge.isPending}
      onOk={confirm}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Alert type="warning" showIcon title={t('pages.customers.merge.warning')} style={{ marginBottom: 16 }} />
      <Typography.Paragraph strong>{t('pages.customers.merge.into', { name: target.name, id: target.id })}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item
          label={t('pages.customers.merge.source')}
          required
          validateStatus={missing ? 'error' : undefined}
          help={missing ? t('pages.customers.merge.source.required') : undefined}
        >
          <CustomerSelect
            value={source?.id ?? null}
            excludeIds={[target.id]}
            onChange={(_, row) => {
              setSource(row ?? null);
              setMissing(false);
            }}
            data-testid="merge-source"
          />
        </Form.Item>
      </Form>
      {source && (
        <Descriptions
          size="small"
          bordered
          column={1}
          items={[
            { key: 'name', label: t('pages.customers.field.name'), children: `${source.name}（#${source.id}）` },
            { key: 'who', label: t('pages.customers.field.genderAge'), children: labels.genderAge(source.gender, source.age) || '—' },
            { key: 'phone', label: t('pages.customers.field.phone'), children: source.phone || '—' },
            { key: 'consultant', label: t('pages.customers.field.consultant'), children: source.consultant?.name ?? '—' },
            { key: 'visits', label: t('pages.customers.field.visitCount'), children: source.visit_count },
            { key: 'last', label: t('pages.customers.field.lastVisit'), children: source.last_visit_on ?? '—' },
          ]}
        />
      )}
    </Modal>
  );
}
