import { DownOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Dropdown, Space, type MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';

import { useAccess } from '../../../../session/useMe';
import { disableStaff, enableStaff, staffKeys, unlockStaff, type Staff } from '../service';

export type StaffDialog = 'edit' | 'resetPassword' | 'assignRoles';

interface StaffActionsProps {
  staff: Staff;
  onOpen: (dialog: StaffDialog, staff: Staff) => void;
}

/** The row's buttons, each shown only to users holding its permission. */
export function StaffActions({ staff, onOpen }: StaffActionsProps) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const access = useAccess();
  const queryClient = useQueryClient();

  const act = useMutation({
    mutationFn: (action: 'disable' | 'enable' | 'unlock') =>
      ({ disable: disableStaff, enable: enableStaff, unlock: unlockStaff })[action](staff.id),
    onSuccess: async () => {
      void message.success(t('common.done'));
      await queryClient.invalidateQueries({ queryKey: staffKeys.all });
    },
  });

  const confirm = (action: 'disable' | 'enable' | 'unlock') =>
    modal.confirm({
      title: t(`pages.system.staff.${action}.confirm`, { name: staff.name }),
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: action === 'disable' },
      onOk: () => act.mutate(action),
    });

  const items: MenuProps['items'] = [];
  if (access.canDisableStaff) {
    items.push(
      staff.is_active
        ? { key: 'disable', label: t('pages.system.staff.disable'), danger: true }
        : { key: 'enable', label: t('pages.system.staff.enable') },
    );
  }
  if (access.canResetStaffPassword) items.push({ key: 'resetPassword', label: t('pages.system.staff.resetPassword') });
  if (access.canAssignStaffRoles) items.push({ key: 'assignRoles', label: t('pages.system.staff.assignRoles') });
  if (access.canUnlockStaff && staff.is_locked) items.push({ key: 'unlock', label: t('pages.system.staff.unlock') });

  const onMenuClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'resetPassword' || key === 'assignRoles') onOpen(key, staff);
    else confirm(key as 'disable' | 'enable' | 'unlock');
  };

  return (
    <Space size={0}>
      {access.canChangeStaff && (
        <Button type="link" size="small" onClick={() => onOpen('edit', staff)}>
          {t('common.edit')}
        </Button>
      )}
      {items.length > 0 && (
        <Dropdown menu={{ items, onClick: onMenuClick }} trigger={['click']}>
          <Button type="link" size="small" loading={act.isPending} data-testid={`staff-more-${staff.id}`}>
            {t('common.more')} <DownOutlined />
          </Button>
        </Dropdown>
      )}
    </Space>
  );
}
