import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Input, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { CreateButton, RowActions } from '../../../components/CrudButtons';
import { PageContainer } from '../../../components/PageContainer';
import { useDeleteMutation } from '../../../hooks/useCrudMutations';
import { useAccess } from '../../../session/useMe';
import { FIRST_PAGE, serverPagination, type PageState } from '../../../utils/pagination';
import { RoleEditorDrawer } from './components/RoleEditorDrawer';
import { deleteRole, listRoles, roleKeys, type Role } from './service';

type Editing = { role?: Role } | null;

export default function RolesPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const [search, setSearch] = useState('');
  const [pageState, setPageState] = useState<PageState>(FIRST_PAGE);
  const [editing, setEditing] = useState<Editing>(null);
  const query = { ...pageState, search: search || undefined };
  const { data, isFetching } = useQuery({
    queryKey: roleKeys.list(query),
    queryFn: () => listRoles(query),
    placeholderData: keepPreviousData,
  });

  const remove = useDeleteMutation(deleteRole, roleKeys.all);

  const columns: TableColumnsType<Role> = [
    {
      title: t('pages.system.roles.name'),
      dataIndex: 'name',
      key: 'name',
      render: (name: string, role) => (
        <Space size={4} wrap>
          {name}
          {role.is_builtin && <Tag color="blue">{t('pages.system.roles.builtin')}</Tag>}
          {role.is_separated_admin && <Tag color="gold">{t('pages.system.roles.separatedAdmin')}</Tag>}
        </Space>
      ),
    },
    { title: t('pages.system.roles.code'), dataIndex: 'code', key: 'code' },
    { title: t('pages.system.roles.description'), dataIndex: 'description', key: 'description', ellipsis: true, width: 320 },
    { title: t('pages.system.roles.userCount'), dataIndex: 'user_count', key: 'user_count', align: 'right' },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, role) => (
        <RowActions
          onEdit={() => setEditing({ role })}
          editLabel={t(access.canChangeRole ? 'common.edit' : 'common.view')}
          onDelete={access.canDeleteRole && !role.is_builtin ? () => remove.mutate(role.id) : undefined}
          deleteConfirm={t('pages.system.roles.delete.confirm', { name: role.name })}
        />
      ),
    },
  ];

  return (
    <PageContainer
      title={t('menu.system.roles')}
      extra={
        access.canAddRole && (
          <CreateButton onClick={() => setEditing({})}>{t('pages.system.roles.create')}</CreateButton>
        )
      }
    >
      <Input.Search
        allowClear
        placeholder={t('pages.system.roles.search')}
        onSearch={(value) => {
          setSearch(value.trim());
          setPageState((previous) => ({ ...previous, page: 1 }));
        }}
        style={{ maxWidth: 320, marginBottom: 16 }}
      />
      <Table<Role>
        rowKey="id"
        columns={columns}
        dataSource={data?.results}
        loading={isFetching}
        pagination={serverPagination(pageState, data?.count ?? 0, setPageState, t)}
        scroll={{ x: 'max-content' }}
      />
      {editing && <RoleEditorDrawer role={editing.role} onClose={() => setEditing(null)} />}
    </PageContainer>
  );
}
