import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Flex, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { PageContainer } from '../../../components/PageContainer';
import { useAccess } from '../../../session/useMe';
import { FIRST_PAGE, serverPagination, type PageState } from '../../../utils/pagination';
import { formatDateTime } from '../../../utils/time';
import { AssignRolesModal } from './components/AssignRolesModal';
import { PhoneCell } from './components/PhoneCell';
import { ResetPasswordModal } from './components/ResetPasswordModal';
import { StaffActions, type StaffDialog } from './components/StaffActions';
import { StaffFilters, type StaffFilterValues } from './components/StaffFilters';
import { StaffFormModal } from './components/StaffFormModal';
import { listStaff, staffKeys, type Staff } from './service';

type Dialog = { kind: 'create' } | { kind: StaffDialog; staff: Staff } | null;

const names = (items: string[]) =>
  items.length > 0 ? (
    <Flex wrap gap={4}>
      {items.map((item) => (
        <Tag key={item}>{item}</Tag>
      ))}
    </Flex>
  ) : null;

export default function StaffPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const [filters, setFilters] = useState<StaffFilterValues>({});
  const [pageState, setPageState] = useState<PageState>(FIRST_PAGE);
  const [dialog, setDialog] = useState<Dialog>(null);
  const query = { ...filters, ...pageState };
  const { data, isFetching } = useQuery({
    queryKey: staffKeys.list(query),
    queryFn: () => listStaff(query),
    placeholderData: keepPreviousData,
  });

  const columns: TableColumnsType<Staff> = [
    { title: t('pages.system.staff.staffNumber'), dataIndex: 'staff_number', key: 'staff_number' },
    { title: t('pages.system.staff.name'), dataIndex: 'name', key: 'name' },
    { title: t('pages.system.staff.username'), dataIndex: 'username', key: 'username' },
    {
      title: t('pages.system.staff.phone'),
      dataIndex: 'phone',
      key: 'phone',
      render: (phone: string, staff) => <PhoneCell key={staff.id} staffId={staff.id} masked={phone} canUnmask={access.canUnmaskStaff} />,
    },
    { title: t('pages.system.staff.orgUnit'), dataIndex: 'org_unit_name', key: 'org_unit_name' },
    { title: t('pages.system.staff.positions'), dataIndex: 'position_names', key: 'position_names', render: names },
    { title: t('pages.system.staff.roles'), dataIndex: 'role_names', key: 'role_names', render: names },
    {
      title: t('common.status'),
      key: 'status',
      render: (_, staff) => (
        <Flex wrap gap={4}>
          {staff.is_active ? (
            <Tag color="success">{t('common.status.active')}</Tag>
          ) : (
            <Tag>{t('common.status.inactive')}</Tag>
          )}
          {staff.is_locked && <Tag color="error">{t('pages.system.staff.locked')}</Tag>}
        </Flex>
      ),
    },
    {
      title: t('pages.system.staff.lastLogin'),
      dataIndex: 'last_login',
      key: 'last_login',
      render: (value: string | null) =>
        value ? formatDateTime(value) : <Typography.Text type="secondary">{t('pages.system.staff.neverLoggedIn')}</Typography.Text>,
    },
  ];
  const hasRowActions =
    access.canChangeStaff ||
    access.canDisableStaff ||
    access.canResetStaffPassword ||
    access.canAssignStaffRoles ||
    access.canUnlockStaff;
  if (hasRowActions) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, staff) => <StaffActions staff={staff} onOpen={(kind, row) => setDialog({ kind, staff: row })} />,
    });
  }

  return (
    <PageContainer
      title={t('menu.system.staff')}
      extra={
        access.canAddStaff && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })}>
            {t('pages.system.staff.create')}
          </Button>
        )
      }
    >
      <StaffFilters
        onChange={(next) => {
          setFilters(next);
          setPageState((previous) => ({ ...previous, page: 1 }));
        }}
      />
      <Table<Staff>
        rowKey="id"
        columns={columns}
        dataSource={data?.results}
        loading={isFetching}
        pagination={serverPagination(pageState, data?.count ?? 0, setPageState, t)}
        scroll={{ x: 'max-content' }}
        data-testid="staff-table"
      />
      {dialog?.kind === 'create' && <StaffFormModal onClose={() => setDialog(null)} />}
      {dialog?.kind === 'edit' && <StaffFormModal staff={dialog.staff} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'resetPassword' && <ResetPasswordModal staff={dialog.staff} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'assignRoles' && <AssignRolesModal staff={dialog.staff} onClose={() => setDialog(null)} />}
    </PageContainer>
  );
}
