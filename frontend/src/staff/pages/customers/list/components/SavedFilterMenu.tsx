import { DeleteOutlined, DownOutlined, SaveOutlined, StarOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Dropdown, Flex, Form, Input, Typography, type MenuProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { FormModal } from '../../../../components/FormModal';
import { applyFieldErrors } from '../../../../utils/formErrors';
import { filterParams, readFilters, sameFilters, type CustomerFilters } from '../filters';
import { deleteSavedFilter, listPageKeys, listSavedFilters, saveFilter, type SavedFilter } from '../service';

interface SavedFilterMenuProps {
  filters: CustomerFilters;
  onApply: (filters: CustomerFilters) => void;
}

/** The user's named filters for this list: apply one, save the current filters, delete one. */
export function SavedFilterMenu({ filters, onApply }: SavedFilterMenuProps) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [saving, setSaving] = useState(false);
  const { data: saved = [] } = useQuery({ queryKey: listPageKeys.savedFilters, queryFn: listSavedFilters });
  const active = saved.find((entry) => sameFilters(readFilters(new URLSearchParams(entry.params as Record<string, string>)), filters));

  const remove = useMutation({
    mutationFn: (entry: SavedFilter) => deleteSavedFilter(entry.id),
    onSuccess: async () => {
      void message.success(t('common.deleted'));
      await queryClient.invalidateQueries({ queryKey: listPageKeys.savedFilters });
    },
  });

  const confirmDelete = (entry: SavedFilter) =>
    modal.confirm({
      title: t('pages.customers.list.saved.delete.confirm', { name: entry.name }),
      okText: t('common.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => remove.mutateAsync(entry),
    });

  const items: MenuProps['items'] = [
    ...(saved.length === 0
      ? [{ key: 'none', disabled: true, label: <Typography.Text type="secondary">{t('pages.customers.list.saved.none')}</Typography.Text> }]
      : saved.map((entry) => ({
          key: `filter-${entry.id}`,
          label: (
            <Flex justify="space-between" align="center" gap={16} style={{ minWidth: 180 }}>
              <span>{entry.name}</span>
              <Button
                type="text"
                size="small"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('pages.customers.list.saved.delete')}
                onClick={(event) => {
                  event.stopPropagation();
                  confirmDelete(entry);
                }}
              />
            </Flex>
          ),
        }))),
    { type: 'divider' },
    { key: 'save', icon: <SaveOutlined />, label: t('pages.customers.list.saved.save') },
  ];

  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'save') {
      setSaving(true);
      return;
    }
    const entry = saved.find((candidate) => `filter-${candidate.id}` === key);
    if (entry) {
      onApply(readFilters(new URLSearchParams(entry.params as Record<string, string>)));
      void message.info(t('pages.customers.list.saved.applied', { name: entry.name }));
    }
  };

  return (
    <>
      <Dropdown
        menu={{ items, onClick, selectable: true, selectedKeys: active ? [`filter-${active.id}`] : [] }}
        trigger={['click']}
      >
        <Button icon={<StarOutlined />} data-testid="saved-filters">
          {active ? active.name : t('pages.customers.list.saved')} <DownOutlined />
        </Button>
      </Dropdown>
      {saving && <SaveFilterModal filters={filters} onClose={() => setSaving(false)} />}
    </>
  );
}

function SaveFilterModal({ filters, onClose }: { filters: CustomerFilters; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ name: string }>();
  const save = useMutation({
    mutationFn: ({ name }: { name: string }) => saveFilter(name.trim(), filterParams(filters)),
    onSuccess: async (entry) => {
      void message.success(t('pages.customers.list.saved.saved', { name: entry.name }));
      await queryClient.invalidateQueries({ queryKey: listPageKeys.savedFilters });
      onClose();
    },
    onError: (error) => applyFieldErrors(form, error),
  });
  return (
    <FormModal<{ name: string }>
      title={t('pages.customers.list.saved.title')}
      form={form}
      saving={save.isPending}
      onSubmit={(values) => save.mutate(values)}
      onClose={onClose}
    >
      <Alert type="info" showIcon title={t('pages.customers.list.saved.hint')} style={{ marginBottom: 16 }} />
      <Form.Item name="name" label={t('pages.customers.list.saved.name')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={32} placeholder={t('pages.customers.list.saved.name.placeholder')} autoFocus />
      </Form.Item>
    </FormModal>
  );
}
