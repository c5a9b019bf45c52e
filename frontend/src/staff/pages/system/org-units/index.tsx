import { Button, Table, Tag, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ActiveTag } from '../../../components/ActiveTag';
import { CreateButton, RowActions } from '../../../components/CrudButtons';
import { PageContainer } from '../../../components/PageContainer';
import { useDeleteMutation } from '../../../hooks/useCrudMutations';
import { lookupKeys, useOrgUnits } from '../../../services/lookups';
import { useAccess } from '../../../session/useMe';
import { buildOrgTree, parentIds, type TreeRow } from '../../../utils/orgTree';
import { OrgUnitFormModal } from './components/OrgUnitFormModal';
import { deleteOrgUnit, type OrgUnit } from './service';

type Editing = { unit?: OrgUnit; parentId?: number | null } | null;

const KIND_COLORS = { hospital: 'purple', department: 'blue', team: 'cyan' } as const;

export default function OrgUnitsPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const { data: units = [], isFetching } = useOrgUnits();
  const [editing, setEditing] = useState<Editing>(null);
  // Every branch starts open; the user's collapses are remembered while the page is open.
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(new Set());

  const tree = useMemo(() => buildOrgTree(units), [units]);
  const expanded = useMemo(() => parentIds(units).filter((id) => !collapsed.has(id)), [units, collapsed]);

  const remove = useDeleteMutation(deleteOrgUnit, lookupKeys.orgUnits);

  const columns: TableColumnsType<TreeRow<OrgUnit>> = [
    { title: t('pages.system.orgUnits.name'), dataIndex: 'name', key: 'name' },
    { title: t('pages.system.orgUnits.code'), dataIndex: 'code', key: 'code' },
    {
      title: t('pages.system.orgUnits.kind'),
      dataIndex: 'kind',
      key: 'kind',
      render: (kind: OrgUnit['kind']) => <Tag color={KIND_COLORS[kind]}>{t(`enums.orgUnitKind.${kind}`)}</Tag>,
    },
    { title: t('pages.system.orgUnits.sort'), dataIndex: 'sort', key: 'sort' },
    {
      title: t('common.status'),
      dataIndex: 'is_active',
      key: 'is_active',
      render: (active: boolean) => <ActiveTag active={active} />,
    },
  ];
  if (access.canAddOrgUnit || access.canChangeOrgUnit || access.canDeleteOrgUnit) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, unit) => (
        <RowActions
          wrap
          onEdit={access.canChangeOrgUnit ? () => setEditing({ unit }) : undefined}
          onDelete={access.canDeleteOrgUnit ? () => remove.mutate(unit.id) : undefined}
          deleteConfirm={t('pages.system.orgUnits.delete.confirm', { name: unit.name })}
          deleteHint={t('pages.system.orgUnits.delete.hint')}
        >
          {access.canAddOrgUnit && (
            <Button type="link" size="small" onClick={() => setEditing({ parentId: unit.id })}>
              {t('pages.system.orgUnits.addChild')}
            </Button>
          )}
        </RowActions>
      ),
    });
  }

  return (
    <PageContainer
      title={t('menu.system.orgUnits')}
      extra={
        access.canAddOrgUnit && (
          <CreateButton onClick={() => setEditing({ parentId: null })}>{t('pages.system.orgUnits.create')}</CreateButton>
        )
      }
    >
      <Table<TreeRow<OrgUnit>>
        rowKey="id"
        columns={columns}
        dataSource={tree}
        loading={isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
        expandable={{
          expandedRowKeys: expanded,
          onExpand: (open, unit) =>
            setCollapsed((previous) => {
              const next = new Set(previous);
              if (open) next.delete(unit.id);
              else next.add(unit.id);
              return next;
            }),
        }}
      />
      {editing && (
        <OrgUnitFormModal units={units} unit={editing.unit} parentId={editing.parentId} onClose={() => setEditing(null)} />
      )}
    </PageContainer>
  );
}
