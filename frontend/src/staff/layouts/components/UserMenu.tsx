import { KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Dropdown, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

import type { Me } from '../../session/service';
import { useLogout } from '../../session/useLogout';

interface UserMenuProps {
  me: Me;
  compact: boolean;
}

export function UserMenu({ me, compact }: UserMenuProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const logout = useLogout();

  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          {
            key: 'identity',
            disabled: true,
            label: (
              <Typography.Text type="secondary">
                {me.name} · {me.staff_number}
              </Typography.Text>
            ),
          },
          { type: 'divider' },
          { key: 'password', icon: <KeyOutlined />, label: t('layout.user.changePassword') },
          { key: 'logout', icon: <LogoutOutlined />, label: t('layout.user.logout'), danger: true },
        ],
        onClick: ({ key }) => {
          if (key === 'password') void navigate('/account/password');
          if (key === 'logout') logout.mutate();
        },
      }}
    >
      <Button type="text" data-testid="user-menu" loading={logout.isPending} style={{ height: 'auto', paddingBlock: 4 }}>
        <Flex align="center" gap={8}>
          <Avatar size="small" icon={<UserOutlined />} />
          {!compact && (
            <span data-testid="user-identity">
              {me.name}
              <Typography.Text type="secondary" style={{ marginInlineStart: 6 }}>
                {me.staff_number}
              </Typography.Text>
            </span>
          )}
        </Flex>
      </Button>
    </Dropdown>
  );
}
