import { MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined } from '@ant-design/icons';
import { Button, Flex, Layout, theme, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { LanguageSwitch } from '../../components/LanguageSwitch';
import { NotificationBell } from '../../components/NotificationBell';
import type { Me } from '../../session/service';
import type { LayoutMode } from '../useLayoutMode';
import { UserMenu } from './UserMenu';

interface HeaderBarProps {
  me: Me;
  mode: LayoutMode;
  collapsed: boolean;
  onToggleMenu: () => void;
}

export function HeaderBar({ me, mode, collapsed, onToggleMenu }: HeaderBarProps) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const isPhone = mode === 'phone';
  const toggleIcon = isPhone ? <MenuOutlined /> : collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />;

  return (
    <Layout.Header
      style={{
        position: 'sticky',
        top: 0,
        zIndex: 10,
        display: 'flex',
        alignItems: 'center',
        gap: 8,
        paddingInline: isPhone ? 8 : 16,
        background: token.colorBgContainer,
        borderBottom: `1px solid ${token.colorBorderSecondary}`,
      }}
    >
      <Button
        type="text"
        icon={toggleIcon}
        onClick={onToggleMenu}
        aria-label={t(isPhone ? 'layout.menu.open' : 'layout.menu.toggle')}
        data-testid={isPhone ? 'menu-drawer-button' : 'menu-collapse-button'}
      />
      {isPhone && (
        <Typography.Text strong ellipsis>
          {t('app.shortTitle')}
        </Typography.Text>
      )}
      <Flex align="center" gap={4} style={{ marginInlineStart: 'auto' }}>
        <LanguageSwitch />
        <NotificationBell compact={isPhone} />
        <UserMenu me={me} compact={isPhone} />
      </Flex>
    </Layout.Header>
  );
}
