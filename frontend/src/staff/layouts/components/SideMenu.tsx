import { Menu, type MenuProps } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';

import { appRoutes } from '../../routes';
import { useAccess } from '../../session/useMe';
import { buildMenu, locateMenu, menuPathFor, type MenuEntry } from '../menu';

type MenuItem = Required<MenuProps>['items'][number];

interface SideMenuProps {
  collapsed?: boolean;
  onNavigate?: () => void;
}

export function SideMenu({ collapsed = false, onNavigate }: SideMenuProps) {
  const { t } = useTranslation();
  const access = useAccess();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const entries = useMemo(() => buildMenu(appRoutes, access), [access]);
  const { selected, open } = locateMenu(entries, menuPathFor(appRoutes, pathname));

  const toItem = (entry: MenuEntry): MenuItem => ({
    key: entry.key,
    icon: entry.icon,
    label: t(entry.name),
    children: entry.children?.map(toItem),
  });

  return (
    <Menu
      theme="dark"
      mode="inline"
      items={entries.map(toItem)}
      selectedKeys={selected}
      defaultOpenKeys={collapsed ? [] : open}
      onClick={({ key }) => {
        void navigate(key);
        onNavigate?.();
      }}
      data-testid="side-menu"
    />
  );
}
