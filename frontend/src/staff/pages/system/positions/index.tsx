import { useQuery } from '@tanstack/react-query';
import { Input, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ActiveTag } from '../../../components/ActiveTag';
import { CreateButton, RowActions } from '../../../components/CrudButtons';
import { PageContainer } from '../../../components/PageContainer';
import { useDeleteMutation } from '../../../hooks/useCrudMutations';
import { listPositions, lookupKeys } from '../../../services/lookups';
import { useAccess } from '../../../session/useMe';
import { clientPagination } from '../../../utils/pagination';
import { PositionFormModal } from './components/PositionFormModal';
import { deletePosition, type Position } from './service';

type Editing = { position?: Position } | null;

export default function PositionsPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<Editing>(null);
  const { data: positions = [], isFetching } = useQuery({
    queryKey: lookupKeys.positionSearch(search),
    queryFn: () => listPositions(search),
  });

  const remove = useDeleteMutation(deletePosition, lookupKeys.positions);

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
        <RowActions
          onEdit={access.canChangePosition ? () => setEditing({ position }) : undefined}
          onDelete={access.canDeletePosition ? () => remove.mutate(position.id) : undefined}
          deleteConfirm={t('pages.system.positions.delete.confirm', { name: position.name })}
        />
      ),
    });
  }

  return (
    <PageContainer
      title={t('menu.system.positions')}
      extra={
        access.canAddPosition && (
          <CreateButton onClick={() => setEditing({})}>{t('pages.system.positions.create')}</CreateButton>
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
