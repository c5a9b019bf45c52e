import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, Popconfirm, Space, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ActiveTag } from '../../../components/ActiveTag';
import { PageContainer } from '../../../components/PageContainer';
import { listPositions, lookupKeys } from '../../../services/lookups';
import { useAccess } from '../../../session/useMe';
import { clientPagination } from '../../../utils/pagination';
import { PositionFormModal } from './components/PositionFormModal';
import { deletePosition, type Position } from './service';

type Editing = { position?: Position } | null;

export default function PositionsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const access = useAccess();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<Editing>(null);
  const { data: positions = [], isFetching } = useQuery({
    queryKey: lookupKeys.positionSearch(search),
    queryFn: () => listPositions(search),
  });

  const remove = useMutation({
    mutationFn: deletePosition,
    onSuccess: async () => {
      void message.success(t('common.deleted'));
      await queryClient.invalidateQueries({ queryKey: lookupKeys.positions });
    },
  });

  const columns: TableColumnsType<Position> = [
    { title: t('pages.system.positions.name'), dataIndex: 'name', key: 'name' },
    { title: t('pages.system.positions.code'), dataIndex: 'code', key: 'code' },
    { title: t('pages.system.positions.sort'), dataIndex: 'sort', key: 'sort' },
    {
      title: t('common.status'),
      dataIndex: 'is_active',
      key: 'is_active',
      render: (active: boolean) => <ActiveTag active={active} />,
    },
  ];
  if (access.canChangePosition || access.canDeletePosition) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, position) => (
        <Space size={0}>
          {access.canChangePosition && (
            <Button type="link" size="small" onClick={() => setEditing({ position })}>
              {t('common.edit')}
            </Button>
          )}
          {access.canDeletePosition && (
            <Popconfirm
              title={t('pages.system.positions.delete.confirm', { name: position.name })}
              okText={t('common.delete')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => remove.mutate(position.id)}
            >
              <Button type="link" size="small" danger>
                {t('common.delete')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    });
  }

  return (
    <PageContainer
      title={t('menu.system.positions')}
      extra={
        access.canAddPosition && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
            {t('pages.system.positions.create')}
          </Button>
        )
      }
    >
      <Input.Search
        allowClear
        placeholder={t('pages.system.positions.search')}
        onSearch={(value) => setSearch(value.trim())}
        style={{ maxWidth: 320, marginBottom: 16 }}
      />
      <Table<Position>
        rowKey="id"
        columns={columns}
        dataSource={positions}
        loading={isFetching}
        pagination={clientPagination(t)}
        scroll={{ x: 'max-content' }}
      />
      {editing && <PositionFormModal position={editing.position} onClose={() => setEditing(null)} />}
    </PageContainer>
  );
}
