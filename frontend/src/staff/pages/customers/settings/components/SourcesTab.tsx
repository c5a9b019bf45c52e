import { useQuery } from '@tanstack/react-query';
import { Empty, Flex, Form, Input, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ActiveTag } from '../../../../components/ActiveTag';
import { CreateButton, RowActions } from '../../../../components/CrudButtons';
import { FormModal } from '../../../../components/FormModal';
import { SortAndStatusFields } from '../../../../components/SortAndStatusFields';
import { useDeleteMutation, useSaveMutation } from '../../../../hooks/useCrudMutations';
import {
  createSource,
  deleteSource,
  listSources,
  settingsKeys,
  updateSource,
  type SourceChannel,
  type SourceChannelInput,
} from '../service';

function SourceFormModal({ source, onClose }: { source?: SourceChannel; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<SourceChannelInput>();
  const save = useSaveMutation(
    form,
    (values: SourceChannelInput) => (source ? updateSource(source.id, values) : createSource(values)),
    settingsKeys.sources,
    onClose,
  );
  return (
    <FormModal<SourceChannelInput>
      title={t(source ? 'pages.customers.settings.sources.edit' : 'pages.customers.settings.sources.create')}
      form={form}
      initialValues={source ?? { sort: 0, is_active: true }}
      saving={save.isPending}
      onSubmit={(values) => save.mutate(values)}
      onClose={onClose}
    >
      <Form.Item name="name" label={t('pages.customers.settings.sources.name')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={32} />
      </Form.Item>
      <SortAndStatusFields sortLabel={t('pages.customers.settings.sort')} />
    </FormModal>
  );
}

/** 来源渠道: where customers come from (网电, 转介绍, 美团 ...), offered when a file is created. */
export function SourcesTab({ editable }: { editable: boolean }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<{ source?: SourceChannel } | null>(null);
  const { data: sources = [], isFetching } = useQuery({ queryKey: settingsKeys.sources, queryFn: listSources });
  const remove = useDeleteMutation(deleteSource, settingsKeys.sources);

  const columns: TableColumnsType<SourceChannel> = [
    { title: t('pages.customers.settings.sources.name'), dataIndex: 'name', key: 'name' },
    { title: t('pages.customers.settings.sort'), dataIndex: 'sort', key: 'sort', width: 80 },
    {
      title: t('common.status'),
      dataIndex: 'is_active',
      key: 'is_active',
      width: 90,
      render: (active: boolean) => <ActiveTag active={active} />,
    },
  ];
  if (editable) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 130,
      render: (_, source) => (
        <RowActions
          onEdit={() => setEditing({ source })}
          onDelete={() => remove.mutate(source.id)}
          deleteConfirm={t('pages.customers.settings.sources.delete.confirm', { name: source.name })}
          deleteHint={t('pages.customers.settings.sources.delete.hint')}
        />
      ),
    });
  }

  return (
    <Flex vertical gap={12}>
      {editable && (
        <Flex justify="flex-end">
          <CreateButton onClick={() => setEditing({})}>{t('pages.customers.settings.sources.create')}</CreateButton>
        </Flex>
      )}
      <Table<SourceChannel>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={sources}
        loading={isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description={t('pages.customers.settings.sources.empty')} /> }}
        data-testid="sources-table"
      />
      {editing && <SourceFormModal source={editing.source} onClose={() => setEditing(null)} />}
    </Flex>
  );
}
